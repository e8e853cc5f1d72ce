using System.Diagnostics;

namespace Comerix.Crm.Tests.Site;

/// <summary>Runs the built SiteHost as a newcomer would from a shell: its exit code, standard output and error.</summary>
internal static class SiteHostCommand
{
    /// <summary>SiteHost with exactly <paramref name="args"/>, started in <paramref name="workingDirectory"/>, fed <paramref name="standardInput"/> if given.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(string workingDirectory, IEnumerable<string> args, byte[]? standardInput = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SiteHost.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("COMERIX_ADMIN_EMAIL");
        start.Environment.Remove("COMERIX_ADMIN_PASSWORD");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(standardInput);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A command that never ends is most likely the server started by mistake: fail, do not hang the suite.
            process.Kill(entireProcessTree: true);
            Assert.Fail($"SiteHost {string.Join(' ', start.ArgumentList)} did not exit within 2 minutes.");
        }
        return (process.ExitCode, await output, await error);
    }
}
