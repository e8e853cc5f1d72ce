using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Comerix.Crm.Tests.Reliability;

/// <summary>SiteHost as a real operating-system process on a loopback port, which a test can kill with SIGKILL and start again.</summary>
internal sealed class SiteHostProcess : IDisposable
{
    private readonly string[] _settings;
    private Process? _process;

    public SiteHostProcess(string dataDirectory, params string[] settings)
    {
        DataDirectory = dataDirectory;
        _settings = settings;
        Url = $"http://127.0.0.1:{FreePort()}";
    }

    public string DataDirectory { get; }
    public string Url { get; }

    public async Task StartAsync()
    {
        _process = Process.Start(Start(["--urls", Url, "--Logging:LogLevel:Default=Warning", .. _settings]))!;
        // Drained, so a full pipe never blocks the site.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                if ((await http.GetAsync(Url + "/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"SiteHost exited with {_process.ExitCode} while starting.");
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("SiteHost did not answer /health within a minute.");
    }

    /// <summary>SIGKILL: no shutdown, no flush, no goodbye.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Runs a SiteHost command on the same data (and database settings).</summary>
    public async Task<(int Code, string Output, string Error)> CommandAsync(params string[] args)
    {
        using var process = Process.Start(Start([.. args, .. _settings]))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private ProcessStartInfo Start(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SiteHost.dll"));
        foreach (var arg in args.Concat(["--data-dir", DataDirectory]))
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process?.Dispose();
    }
}
