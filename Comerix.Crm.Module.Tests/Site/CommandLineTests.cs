using System.Diagnostics;
using System.Text.RegularExpressions;

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
        var deleted = await RunAsync("user", "delete", "--email", "m@shop.test", "--tenant", "shop");
        Assert.Equal(0, deleted.Code);
        Assert.Contains("User m@shop.test deleted from tenant shop.", deleted.Output);
        var gone = await RunAsync("user", "delete", "--email", "m@shop.test", "--tenant", "shop");
        Assert.Equal(1, gone.Code);
        Assert.Contains("There is no user with the email m@shop.test in tenant shop.", gone.Error);

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
        // A tenant is found ignoring case, and the command works in it as stored.
        var listedLowerCase = await RunAsync("apikey", "list", "--tenant", "default");
        Assert.Equal(0, listedLowerCase.Code);
        Assert.Contains(id, listedLowerCase.Output);
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

    [Fact]
    public async Task ANewTenantsOutputSaysTheNextCommandAsItMustBeTyped()
    {
        var created = await RunAsync("tenant", "create", "outlet");
        Assert.Equal(0, created.Code);
        Assert.Contains("Tenant outlet created at /t/outlet.", created.Output);
        var next = Regex.Match(created.Output, @"^\s*dotnet run --project SiteHost -- (?<args>user create .*--tenant outlet.*)$", RegexOptions.Multiline);
        Assert.True(next.Success, created.Output);
        Assert.Contains("then sign in at /t/outlet/login.", created.Output);

        // Typed as printed, with a password chosen: it works on the same data (the line names the data folder).
        var words = Regex.Matches(next.Groups["args"].Value.TrimEnd().Replace("'<password>'", "'Outlet-admin-pass-1'"), @"'(?<q>[^']*)'|(?<w>\S+)")
            .Select(m => m.Groups["q"].Success ? m.Groups["q"].Value : m.Groups["w"].Value).ToArray();
        Assert.Contains(_dataDir, words);
        var user = await RunWithoutSharedOptionsAsync(RepositoryRoot(), words);
        Assert.True(user.Code == 0, user.Error);
        Assert.Contains("User you@example.com created in tenant outlet with role Administrator.", user.Output);
    }

    [Fact]
    public async Task ABrowserKeyIsCreatedWithItsOriginsAndListedAsOne()
    {
        var created = await RunAsync("apikey", "create", "--name", "Shop pages", "--origins", "HTTPS://Shop.Example:443, http://localhost:8080");
        Assert.True(created.Code == 0, created.Error);
        Assert.Contains("a public browser key for https://shop.example, http://localhost:8080", created.Output);
        var id = created.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("cxk_", StringComparison.Ordinal)).Split('_')[1];
        var listed = (await RunAsync("apikey", "list")).Output.Split('\n').Single(l => l.StartsWith(id, StringComparison.Ordinal));
        Assert.Contains("browser", listed);
        Assert.EndsWith("Shop pages  (from https://shop.example, http://localhost:8080)", listed.TrimEnd());

        var withPath = await RunAsync("apikey", "create", "--name", "Bad", "--origins", "https://shop.example/checkout");
        Assert.Equal(1, withPath.Code);
        Assert.Contains("The key was not created", withPath.Error);
        var withScope = await RunAsync("apikey", "create", "--name", "Bad", "--origins", "https://shop.example", "--scope", "read");
        Assert.Equal(1, withScope.Code);
        Assert.Contains("takes no --scope", withScope.Error);
    }

    [Fact]
    public async Task AnApiKeyIsRevokedByItsIdOrByTheWholeKey()
    {
        var key = (await RunAsync("apikey", "create", "--name", "Leaked")).Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("cxk_", StringComparison.Ordinal));
        var revoked = await RunAsync("apikey", "revoke", key);
        Assert.True(revoked.Code == 0, revoked.Error);
        Assert.Contains($"API key {key.Split('_')[1]} revoked", revoked.Output);
        Assert.Contains("revoked", (await RunAsync("apikey", "list")).Output);

        var cut = await RunAsync("apikey", "revoke", key[..^3]);
        Assert.Equal(1, cut.Code);
        Assert.Contains("is not a whole API key", cut.Error);
        Assert.Contains("the id is the first column of \"apikey list\"; the whole key (cxk_<id>_<secret>) works too", cut.Error);
    }

    [Theory]
    [InlineData("--Crm:TimeZone", "Mars/Base", "The site did not start: Crm:TimeZone \"Mars/Base\" is not a time zone this server knows.")]
    [InlineData("--Crm:StateCheckInterval", "soon", "The site did not start: Crm:StateCheckInterval is \"soon\", which is not a time span (hh:mm:ss, e.g. 00:00:02).")]
    [InlineData("--Crm:Api:MaxEventsPerRequest", "lots", "The site did not start: Crm:Api:MaxEventsPerRequest is \"lots\", which is not a whole number.")]
    [InlineData("--Crm:ForwardedHeaders:KnownProxies", "my-proxy", "The site did not start: Crm:ForwardedHeaders:KnownProxies: \"my-proxy\" is neither an IP address")]
    [InlineData("--database", "mysql", "The site did not start: --database \"mysql\" is not a storage provider this site has: use sqlite (the default) or postgres.")]
    public async Task ASettingTheSiteCannotUseStopsItWithOneLineNamingIt(string setting, string value, string said)
    {
        var started = await RunAsync(setting, value, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, started.Code);
        var lines = started.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, started.Error);
        Assert.StartsWith(said, lines[0]);
        Assert.DoesNotContain("   at ", started.Output + started.Error);
    }

    [Fact]
    public async Task HelpNamesEveryCommandAndItsOptions()
    {
        var help = await RunAsync("--help");
        Assert.True(help.Code == 0, help.Error);
        foreach (var word in new[] { "recipe", "user", "tenant", "apikey", "audit", "--data-dir", "--database", "--connection", "--urls", "--Section:Key" })
        {
            Assert.Contains(word, help.Output);
        }
        var create = await RunAsync("apikey", "create", "--help");
        Assert.Equal(0, create.Code);
        foreach (var option in new[] { "--name", "--scope", "--origins", "--tenant" })
        {
            Assert.Contains(option, create.Output);
        }
        Assert.False(File.Exists(Path.Combine(_dataDir, "comerix-crm.db")), "help builds no site and touches no data");
    }

    [Theory]
    [InlineData("'--dta-dir'", "--dta-dir", "somewhere", "--urls", "http://127.0.0.1:0")]
    [InlineData("'frobnicate'", "frobnicate", "--urls", "http://127.0.0.1:0")]
    [InlineData("'--foo'", "apikey", "list", "--foo")]
    [InlineData("'--urls'", "apikey", "list", "--urls", "http://127.0.0.1:0")]
    [InlineData("Option '--name' is required.", "apikey", "create")]
    [InlineData("--Crm:TimeZone needs a value", "--Crm:TimeZone")]
    public async Task ArgumentsTheSiteDoesNotTakeAreRefusedAndNothingStarts(string said, params string[] args)
    {
        var refused = await RunAsync(args);

        Assert.Equal(2, refused.Code);
        Assert.Contains(said, refused.Error);
        Assert.DoesNotContain("Now listening on", refused.Output);
        Assert.False(File.Exists(Path.Combine(_dataDir, "comerix-crm.db")), "a refused command line builds no site and touches no data");
    }

    [Fact]
    public async Task ACommandTakesSettingsAsTheServerDoes()
    {
        var listed = await RunAsync("apikey", "list", "--Crm:Api:RateLimitBurst=5", "--Logging:LogLevel:Default", "Warning");
        Assert.True(listed.Code == 0, listed.Error);
        Assert.Contains("Tenant Default has no API keys.", listed.Output);
    }

    [Fact]
    public async Task RelativePathsAreReadFromTheFolderTheCommandWasTypedIn()
    {
        // dotnet run starts the site in SiteHost/ and passes the folder the command was typed in (SiteHost.csproj).
        var typedIn = Path.Combine(_dataDir, "typed-in");
        Directory.CreateDirectory(typedIn);
        await File.WriteAllTextAsync(Path.Combine(typedIn, "mine.recipe.json"), """{ "name": "mine", "steps": [ { "name": "feature", "enable": [ "Comerix.Crm" ] } ] }""");
        string[] from = ["--invoked-from", typedIn];

        var applied = await RunWithoutSharedOptionsAsync(RepositoryRoot(), ["recipe", "apply", "mine.recipe.json", "--data-dir", "site-data", .. from]);
        Assert.True(applied.Code == 0, applied.Error);
        Assert.Contains("Recipe \"mine\" applied to tenant Default.", applied.Output);
        Assert.True(File.Exists(Path.Combine(typedIn, "site-data", "comerix-crm.db")), "the data folder is beside the recipe, where the command was typed");

        var missing = await RunWithoutSharedOptionsAsync(RepositoryRoot(), ["recipe", "apply", "theirs.recipe.json", "--data-dir", "site-data", .. from]);
        Assert.Equal(1, missing.Code);
        Assert.Contains($"Recipe file not found: {Path.Combine(typedIn, "theirs.recipe.json")} (\"theirs.recipe.json\" was read from {typedIn}, the folder the command was typed in).", missing.Error);
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => RunAsync(optionsFirst: false, args);

    private Task<(int Code, string Output, string Error)> RunAsync(bool optionsFirst, params string[] args)
    {
        string[] shared = ["--data-dir", _dataDir];
        return RunWithoutSharedOptionsAsync(RepositoryRoot(), optionsFirst ? [.. shared, .. args] : [.. args, .. shared]);
    }

    /// <summary>SiteHost with exactly <paramref name="args"/>, started in <paramref name="workingDirectory"/>.</summary>
    private static Task<(int Code, string Output, string Error)> RunWithoutSharedOptionsAsync(string workingDirectory, string[] args) =>
        SiteHostCommand.RunAsync(workingDirectory, args);

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
