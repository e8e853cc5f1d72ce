using System.Diagnostics;

namespace Comerix.Crm.Tests.Site;

/// <summary>The site's commands, run as a user runs them: the SiteHost executable with arguments.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "comerix-cli-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task RecipesTenantsAndUsersAreManagedFromTheCommandLineAndMistakesAreExplained()
    {
        var demo = await RunAsync("recipe", "apply", "recipes/demo.recipe.json");
        Assert.Equal(0, demo.Code);
        Assert.Contains("Recipe \"demo\" applied to tenant Default.", demo.Output);
        // Shared options may come first, as with the server: still the command, not a site that starts and waits.
        var again = await RunAsync(optionsFirst: true, "recipe", "apply", "recipes/demo.recipe.json");
        Assert.Matches(@"\d+ Duplicate\s*$", again.Output.Split('\n').First(l => l.Contains("events:")));

        var tenant = await RunAsync("tenant", "create", "shop", "--prefix", "shop");
        Assert.Equal(0, tenant.Code);
        Assert.Contains("Tenant shop created at /t/shop.", tenant.Output);
        var taken = await RunAsync("tenant", "create", "shop2", "--prefix", "shop");
        Assert.Equal(1, taken.Code);
        Assert.Contains("prefix shop is already used", taken.Error);

        var user = await RunAsync("user", "create", "--email", "m@shop.test", "--password", "Long-enough-pass-1", "--role", "Manager", "--tenant", "shop");
        Assert.Equal(0, user.Code);
        var noRole = await RunAsync("user", "create", "--email", "x@shop.test", "--password", "Long-enough-pass-1", "--role", "Janitor", "--tenant", "shop");
        Assert.Equal(1, noRole.Code);
        Assert.Contains("There is no role \"Janitor\"", noRole.Error);

        var broken = Path.Combine(_dataDir, "broken.recipe.json");
        await File.WriteAllTextAsync(broken, """{ "steps": [ { "name": "roles", "roles": [ { "name": "X", "permissions": ["comerix.crm.fly"] } ] }, { "name": "teleport" } ] }""");
        var invalid = await RunAsync("recipe", "apply", broken);
        Assert.Equal(1, invalid.Code);
        Assert.Contains("unknown permission \"comerix.crm.fly\"", invalid.Error);
        Assert.Contains("unknown step \"teleport\"", invalid.Error);
    }

    [Fact]
    public async Task ApiKeysAndTheAuditLogAreManagedFromTheCommandLine()
    {
        var created = await RunAsync("apikey", "create", "--name", "Shop backend", "--scope", "privacy,ingest,read");
        Assert.Equal(0, created.Code);
        Assert.Contains("scopes ingest,read,privacy", created.Output);
        var key = created.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("cxk_", StringComparison.Ordinal));
        var id = key.Split('_')[1];
        Assert.Contains(id, (await RunAsync("apikey", "list")).Output);
        var badScope = await RunAsync("apikey", "create", "--name", "x", "--scope", "write");
        Assert.Equal(1, badScope.Code);
        Assert.Contains("scope 'write' is unknown", badScope.Error);
        Assert.Equal(0, (await RunAsync("apikey", "revoke", id)).Code);
        Assert.Equal(1, (await RunAsync("apikey", "revoke", id)).Code);

        var verified = await RunAsync("audit", "verify");
        Assert.Equal(0, verified.Code);
        // The default recipe's five identity rules, then the key's creation and revocation.
        Assert.Contains("OK: the audit log of tenant Default holds 7 entries", verified.Output);
        var checkpoint = (await RunAsync("audit", "checkpoint")).Output.Split('\n')[0].Trim();
        Assert.Matches("^7:[0-9a-f]{64}$", checkpoint);
        Assert.Equal(0, (await RunAsync("audit", "verify", "--checkpoint", checkpoint)).Code);

        // Someone with the database file removes the last entry and rewrites the head to hide it.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dataDir, "comerix-crm.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                DROP TRIGGER crm_audit_entries_no_delete;
                DELETE FROM crm_audit_entries WHERE sequence = 7;
                UPDATE crm_audit_heads SET last_sequence = 6, last_hash = (SELECT hash FROM crm_audit_entries WHERE sequence = 6);
                """;
            command.ExecuteNonQuery();
        }
        var cut = await RunAsync("audit", "verify", "--checkpoint", checkpoint);
        Assert.Equal(1, cut.Code);
        Assert.Contains("BROKEN at entry 7: the checkpoint recorded 7 entries; the log now has 6", cut.Error);
        Assert.Equal(1, (await RunAsync("audit", "verify", "--checkpoint", "nonsense")).Code);
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => RunAsync(optionsFirst: false, args);

    private async Task<(int Code, string Output, string Error)> RunAsync(bool optionsFirst, params string[] args)
    {
        var site = Path.Combine(AppContext.BaseDirectory, "SiteHost.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot() };
        start.ArgumentList.Add(site);
        string[] shared = ["--data-dir", _dataDir];
        foreach (var arg in optionsFirst ? shared.Concat(args) : args.Concat(shared))
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
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

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Comerix.Crm.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
