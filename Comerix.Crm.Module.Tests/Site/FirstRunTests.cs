using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Comerix.SiteHost.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Comerix.Crm.Tests.Site;

/// <summary>A first-time admin following the README: its own command creates an administrator; a refusal is said last.</summary>
public sealed partial class FirstRunTests
{
    [Fact]
    public async Task TheReadmesOwnCredentialsCreateAnAdministratorWhoCanSignIn()
    {
        var readme = Readme();
        var examples = AdminVariables().Matches(readme);
        Assert.NotEmpty(examples);
        foreach (Match example in examples)
        {
            var (email, password) = (example.Groups["email"].Value, example.Groups["password"].Value);
            await using var site = new SiteFactory();
            site.Settings["COMERIX_ADMIN_EMAIL"] = email;
            site.Settings["COMERIX_ADMIN_PASSWORD"] = password;
            using var client = new SiteClient(site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), "");
            await client.SignInAsync(email, password);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/customers")).StatusCode);
            // An administrator: the audit log is theirs alone.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/customers/audit")).StatusCode);

            // The rules the README states are the rules the site applies.
            var rules = site.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Password;
            Assert.Contains(PasswordRules.Describe(rules), Regex.Replace(readme, @"\s+", " "));
        }
    }

    [Fact]
    public async Task ARefusedPasswordIsSaidAfterTheServerListensWithTheReasonAndTheCommandThatFixesIt()
    {
        var dataDirectory = NewDataDirectory();
        try
        {
            var output = await StartUpOutputAsync(dataDirectory, ("COMERIX_ADMIN_EMAIL", "first@site.test"), ("COMERIX_ADMIN_PASSWORD", "all-lower-case-1"));
            var listening = output.FindIndex(l => l.Contains("Now listening on:"));
            var refused = output.FindIndex(l => l.Contains("did not create an administrator"));
            Assert.True(listening >= 0 && refused > listening, "the refusal comes after the server listens:\n" + string.Join("\n", output));
            var said = string.Join("\n", output[refused..]);
            Assert.Contains("Passwords must have at least one uppercase ('A'-'Z').", said);
            Assert.Contains("Passwords need at least 10 characters, with an upper-case letter, a lower-case letter and a digit.", said);

            // The command runs as printed (on the site's own data folder), once given a password.
            await AssertPrintedCommandCreatesAsync(said, "first@site.test", "All-lower-case-1");
        }
        finally
        {
            DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task WithoutTheVariablesTheCommandThatCreatesAnAdministratorIsSaidAfterTheServerListens()
    {
        var dataDirectory = NewDataDirectory();
        try
        {
            var output = await StartUpOutputAsync(dataDirectory);
            var listening = output.FindIndex(l => l.Contains("Now listening on:"));
            var notice = output.FindIndex(l => l.Contains("No user can sign in yet."));
            Assert.True(listening >= 0 && notice > listening, string.Join("\n", output));
            Assert.Contains("user create --email you@example.com --password '<password>' --role Administrator", string.Join("\n", output[notice..]));
        }
        finally
        {
            DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task ChangedVariablesOnASiteThatHasItsAdministratorAreSaidNotToBeApplied()
    {
        var dataDirectory = NewDataDirectory();
        try
        {
            await StartUpOutputAsync(dataDirectory, ("COMERIX_ADMIN_EMAIL", "first@site.test"), ("COMERIX_ADMIN_PASSWORD", "First-admin-pass-1"));

            // The README's command again, unchanged: in effect already, nothing to say.
            var same = await StartUpOutputAsync(dataDirectory, ("COMERIX_ADMIN_EMAIL", "first@site.test"), ("COMERIX_ADMIN_PASSWORD", "First-admin-pass-1"));
            Assert.DoesNotContain(same, l => l.Contains("not applied"));

            var newPassword = await StartUpOutputAsync(dataDirectory, ("COMERIX_ADMIN_EMAIL", "first@site.test"), ("COMERIX_ADMIN_PASSWORD", "Second-admin-pass-2"));
            Assert.Contains(newPassword, l => l.Contains("first@site.test already exists: COMERIX_ADMIN_EMAIL / COMERIX_ADMIN_PASSWORD were not applied, and its password was not changed"));

            var other = string.Join("\n", await StartUpOutputAsync(dataDirectory, ("COMERIX_ADMIN_EMAIL", "second@site.test"), ("COMERIX_ADMIN_PASSWORD", "Second-admin-pass-2")));
            Assert.Contains("COMERIX_ADMIN_EMAIL / COMERIX_ADMIN_PASSWORD were not applied: the site already has users", other);
            // The command it gives runs as printed.
            await AssertPrintedCommandCreatesAsync(other, "second@site.test", "Second-admin-pass-2");
        }
        finally
        {
            DeleteDataDirectory(dataDirectory);
        }
    }

    /// <summary>The <c>user create</c> command in <paramref name="said"/>, run as printed with <paramref name="password"/> put in, creates the administrator.</summary>
    private static async Task AssertPrintedCommandCreatesAsync(string said, string email, string password)
    {
        var command = FixCommand().Match(said);
        Assert.True(command.Success, said);
        var (code, printed) = await RunAsync(command.Groups["args"].Value.Replace("'<password>'", $"'{password}'"));
        Assert.True(code == 0, printed);
        Assert.Contains($"User {email} created in tenant Default with role Administrator.", printed);
    }

    [GeneratedRegex(@"dotnet run --project SiteHost -- (?<args>user create [^\r\n]*)")]
    private static partial Regex FixCommand();

    [GeneratedRegex(@"COMERIX_ADMIN_EMAIL=(?<email>\S+) COMERIX_ADMIN_PASSWORD='(?<password>[^']*)'")]
    private static partial Regex AdminVariables();

    internal static string Readme()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var readme = Path.Combine(directory.FullName, "README.md");
            if (File.Exists(readme) && File.Exists(Path.Combine(directory.FullName, "Comerix.Crm.sln")))
            {
                return File.ReadAllText(readme);
            }
        }
        throw new FileNotFoundException("README.md beside Comerix.Crm.sln, above " + AppContext.BaseDirectory);
    }

    private static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "comerix-first-run-" + Guid.NewGuid().ToString("N")[..10]);

    private static void DeleteDataDirectory(string dataDirectory)
    {
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// SiteHost started as the README starts it (variables in the environment), its console output until the site
    /// answers and a moment more; then stopped.
    /// </summary>
    private static async Task<List<string>> StartUpOutputAsync(string dataDirectory, params (string Name, string Value)[] environment)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = SiteHostStart(["--urls", url, "--data-dir", dataDirectory]);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var lines = new ConcurrentQueue<string>();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            for (var attempt = 0; ; attempt++)
            {
                Assert.False(process.HasExited, "SiteHost exited while starting:\n" + string.Join("\n", lines));
                Assert.True(attempt < 900, "SiteHost did not answer /health within 90 s:\n" + string.Join("\n", lines));
                try
                {
                    if ((await http.GetAsync(url + "/health")).StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }
                await Task.Delay(100);
            }
            // Start-up's last words are written as the server starts answering.
            await Task.Delay(1000);
            return [.. lines];
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>A SiteHost command, its arguments as a shell would split them (single quotes group).</summary>
    private static async Task<(int Code, string Output)> RunAsync(string arguments)
    {
        var args = Regex.Matches(arguments, @"'(?<q>[^']*)'|(?<w>\S+)").Select(m => m.Groups["q"].Success ? m.Groups["q"].Value : m.Groups["w"].Value);
        using var process = Process.Start(SiteHostStart(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static ProcessStartInfo SiteHostStart(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SiteHost.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("COMERIX_ADMIN_EMAIL");
        start.Environment.Remove("COMERIX_ADMIN_PASSWORD");
        // The console as a terminal shows it, without colour codes.
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
