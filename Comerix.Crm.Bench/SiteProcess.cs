using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Comerix.Crm.Bench;

/// <summary>
/// SiteHost as its own process on a loopback port, on a fresh data folder, built in the bench's configuration
/// (the bench project references SiteHost so it is built alongside). Also runs SiteHost's commands, with the same
/// settings (so on the same database).
/// </summary>
internal sealed class SiteProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dll;
    private readonly string[] _settings;

    public string DataDirectory { get; }
    public string Url { get; }

    private SiteProcess(Process process, string dll, string dataDirectory, string url, string[] settings)
    {
        _process = process;
        _dll = dll;
        _settings = settings;
        DataDirectory = dataDirectory;
        Url = url;
    }

    public static async Task<SiteProcess> StartAsync(params string[] settings)
    {
        var dll = SiteHostDll();
        var data = Path.Combine(Path.GetTempPath(), "comerix-bench", "site-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [dll, "--data-dir", data, "--urls", url, "--Logging:LogLevel:Default=Warning", .. settings])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("  site: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var site = new SiteProcess(process, dll, data, url, settings);
        using var http = new HttpClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if ((await http.GetAsync(url + "/health")).StatusCode == HttpStatusCode.OK)
                {
                    return site;
                }
            }
            catch (HttpRequestException) when (attempt < 300 && !process.HasExited)
            {
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Runs a SiteHost command on this site's data folder and returns what it printed.</summary>
    public async Task<string> CommandAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [_dll, .. args, .. _settings, "--data-dir", DataDirectory])
        {
            WorkingDirectory = Path.GetDirectoryName(_dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"SiteHost {string.Join(' ', args)} failed: {error}");
        }
        return output;
    }

    private static string SiteHostDll()
    {
        // bin/<Configuration>/net10.0 of the bench → the same folder of SiteHost.
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Comerix.Crm.sln")))
        {
            root = root.Parent;
        }
        var dll = Path.Combine(root?.FullName ?? ".", "SiteHost", "bin", configuration, framework, "SiteHost.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"SiteHost is not built at {dll}; build the solution in {configuration}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
