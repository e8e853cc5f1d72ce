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
        var again = await RunAsync("recipe", "apply", "recipes/demo.recipe.json");
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

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var site = Path.Combine(AppContext.BaseDirectory, "SiteHost.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot() };
        start.ArgumentList.Add(site);
        foreach (var arg in args.Concat(["--data-dir", _dataDir]))
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
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
