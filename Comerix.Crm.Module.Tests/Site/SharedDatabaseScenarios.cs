using System.Diagnostics;
using System.Net;
using Comerix.Crm.Erasure;
using Comerix.Crm.Identity;
using Comerix.Crm.Recipes;
using Comerix.Crm.Tests.Api;
using Comerix.Crm.Tests.Reliability;
using Comerix.SiteHost.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Several site processes on one database: a running site sees what the command line or another site instance
/// changed (tenants, features, role grants, identity rules, suppressions, API keys) within the state check
/// interval, without a restart. Run on SQLite and on PostgreSQL by <see cref="SharedDatabaseTests"/> and
/// <see cref="SharedDatabaseOnPostgresTests"/>.
/// </summary>
internal static class SharedDatabaseScenarios
{
    /// <summary>The default <c>Crm:StateCheckInterval</c> (2 s), plus time for the request and the reload on a busy machine.</summary>
    private static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(4);

    public static async Task TenantsFeaturesAndRoleGrantsFromTheCommandLineReachTheRunningSite(Func<SiteFactory> newSite)
    {
        await using var site = newSite();
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        using var anonymous = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/t/shop/login")).StatusCode);
        var commandLine = CommandLine(site);

        await RunAsync(commandLine, "tenant", "create", "shop", "--prefix", "shop");
        await EventuallyAsync(async () => (await anonymous.GetAsync("/t/shop/login")).StatusCode == HttpStatusCode.OK,
            DefaultBound, "the tenant created by `tenant create` is reachable at /t/shop");

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/admin/customers")).StatusCode);
        await RunAsync(commandLine, "recipe", "apply", await RecipeAsync(site, """{ "name": "narrow", "steps": [ { "name": "roles", "roles": [ { "name": "Viewer", "permissions": [] } ] } ] }"""));
        await EventuallyAsync(async () => (await viewer.GetAsync("/admin/customers")).StatusCode == HttpStatusCode.Forbidden,
            DefaultBound, "a permission taken from the Viewer role by `recipe apply` is refused");

        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/admin/customers")).StatusCode);
        await RunAsync(commandLine, "recipe", "apply", await RecipeAsync(site, """{ "name": "off", "steps": [ { "name": "feature", "disable": ["Comerix.Crm"] } ] }"""));
        await EventuallyAsync(async () => (await manager.GetAsync("/admin/customers")).StatusCode == HttpStatusCode.NotFound,
            DefaultBound, "the Customers feature disabled by `recipe apply` is gone");
    }

    public static async Task RulesAndSuppressionsChangedByAnotherSiteInstanceApply(Func<SiteFactory> newSite)
    {
        await using var site = newSite();
        // A short interval, as a site may set it: the change must arrive within it (and a little time to ask).
        site.Settings["Crm:StateCheckInterval"] = "00:00:00.250";
        using var api = site.ApiClient(await site.CreateApiKeyAsync("ingest,read"));
        await OutcomeAsync(api, "work-0", "workEmail", "wes@work.test");
        Assert.Null(await ContactEmailAsync(api, "wes@work.test"));
        Assert.Equal("created", await OutcomeAsync(api, "kept-0", "email", "kept@shared.test"));

        await using var other = newSite();
        other.Settings["data-dir"] = site.DataDirectory;
        other.StartServer();
        await using (var scope = await other.TenantScopeAsync("Default"))
        {
            await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync("Default", """
                { "name": "work", "steps": [ { "name": "identity-rules", "rules": [ { "name": "Work email", "enabled": true,
                  "trigger": "form-submitted", "tasks": [ { "task": "resolve-identity", "fields": [ { "field": "workEmail", "identifier": "email" } ] } ] } ] } ] }
                """);
            var db = scope.ServiceProvider.GetRequiredService<Comerix.Crm.Data.CrmDbContext>();
            await scope.ServiceProvider.GetRequiredService<SuppressionList>()
                .AddAsync(db, "Default", [(IdentifierTypes.Email, "gone@shared.test")], CancellationToken.None);
        }

        var attempt = 0;
        var bound = TimeSpan.FromSeconds(1.5);
        await EventuallyAsync(async () =>
            {
                await OutcomeAsync(api, $"work-{++attempt}", "workEmail", "wes@work.test");
                return await ContactEmailAsync(api, "wes@work.test") == "wes@work.test";
            },
            bound, "the rule added by another site instance reads workEmail");
        await EventuallyAsync(async () => await OutcomeAsync(api, $"gone-{++attempt}", "email", "gone@shared.test") == "suppressed",
            bound, "the identifier suppressed by another site instance is refused");
        Assert.Equal("attached", await OutcomeAsync(api, "kept-1", "email", "kept@shared.test"));
    }

    /// <summary>
    /// Suppression is a promise, not a cache: a person forgotten with "keep them out" on one site instance is refused
    /// by another at once, though that one's caches (a long state check interval here) still hold the list without them.
    /// </summary>
    public static async Task APersonForgottenAndSuppressedOnAnotherSiteInstanceIsRefusedAtOnce(Func<SiteFactory> newSite)
    {
        await using var site = newSite();
        // Far longer than the test: this instance cannot reload its caches in between, so only the database can say no.
        site.Settings["Crm:StateCheckInterval"] = "01:00:00";
        using var api = site.ApiClient(await site.CreateApiKeyAsync("ingest,read"));
        var created = await SendAsync(api, "forget-0", "email", "forget.me@shared.test", "v-forget-0");
        Assert.Equal("created", created.GetProperty("outcome").GetString());
        var contactId = created.GetProperty("contactId").GetInt64();

        await using var other = newSite();
        other.Settings["data-dir"] = site.DataDirectory;
        using (var admin = await other.SignInAsync(SiteFactory.AdminEmail))
        {
            var erased = await admin.PostFormAsync($"/admin/customers/{contactId}/delete", $"/admin/customers/{contactId}/delete",
                new() { ["Confirmation"] = "DELETE", ["Suppress"] = "true" });
            Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        }

        var stored = await site.StoredEventCountAsync();
        // A new visitor, so only the suppressed email can keep the person out.
        var again = await SendAsync(api, "forget-1", "email", "Forget.Me@shared.test", "v-forget-1");
        Assert.Equal("suppressed", again.GetProperty("outcome").GetString());
        Assert.False(again.TryGetProperty("contactId", out var kept) && kept.ValueKind != System.Text.Json.JsonValueKind.Null, again.ToString());
        Assert.Null(await ContactEmailAsync(api, "forget.me@shared.test"));
        Assert.Equal(stored, await site.StoredEventCountAsync());
        // Everyone else still comes in through the same instance.
        Assert.Equal("created", (await SendAsync(api, "forget-2", "email", "someone.else@shared.test", "v-forget-2")).GetProperty("outcome").GetString());
    }

    public static async Task AUserRemovedFromARoleByAnotherSiteInstanceLosesItsPermissions(Func<SiteFactory> newSite)
    {
        await using var site = newSite();
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/admin/customers")).StatusCode);

        await using var other = newSite();
        other.Settings["data-dir"] = site.DataDirectory;
        other.StartServer();
        await using (var scope = await other.TenantScopeAsync("Default"))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<SiteUser>>();
            var user = await users.FindByEmailAsync(SiteFactory.ViewerEmail);
            Assert.True((await users.RemoveFromRoleAsync(user!, "Viewer")).Succeeded);
        }

        // The sign-in cookie still names the role: it is checked against the database within the interval.
        await EventuallyAsync(async () => (await viewer.GetAsync("/admin/customers")).StatusCode == HttpStatusCode.Forbidden,
            DefaultBound, "a user taken out of the Viewer role by another site instance is refused");
    }

    public static async Task AKeyRevokedFromTheCommandLineStopsWorkingInTheRunningSite(Func<SiteFactory> newSite)
    {
        await using var site = newSite();
        site.StartServer();
        var commandLine = CommandLine(site);
        var created = await RunAsync(commandLine, "apikey", "create", "--name", "Webhook", "--scope", "ingest,read");
        var key = created.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("cxk_", StringComparison.Ordinal));
        using var api = site.ApiClient(key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/crm/contacts")).StatusCode);

        await RunAsync(commandLine, "apikey", "revoke", key.Split('_')[1]);
        // Keys are looked up on every request, never kept: the revocation holds for the very next one.
        var refused = await api.GetAsync("api/crm/contacts");
        Assert.Contains("The API key has been revoked.", await ApiJson.ProblemAsync(refused, HttpStatusCode.Unauthorized));
    }

    /// <summary>SiteHost's commands as a separate process, on the site's data folder and database.</summary>
    private static SiteHostProcess CommandLine(SiteFactory site) =>
        new(site.DataDirectory, site.Settings.Where(s => s.Key is "database" or "connection").SelectMany(s => new[] { "--" + s.Key, s.Value }).ToArray());

    private static async Task<string> RunAsync(SiteHostProcess commandLine, params string[] args)
    {
        var (code, output, error) = await commandLine.CommandAsync(args);
        Assert.True(code == 0, $"{string.Join(' ', args)} exited with {code}: {error}");
        return output;
    }

    private static async Task<string> RecipeAsync(SiteFactory site, string json)
    {
        var file = Path.Combine(site.DataDirectory, Guid.NewGuid().ToString("N")[..8] + ".recipe.json");
        await File.WriteAllTextAsync(file, json);
        return file;
    }

    /// <summary>One event with an identifier claim and a visitor id; its result as the events API answers it.</summary>
    private static Task<System.Text.Json.JsonElement> SendAsync(HttpClient api, string id, string type, string value, string visitor) =>
        ApiJson.PostEventAsync(api, new
        {
            id,
            type = "form",
            occurredAt = "2026-12-01T10:00:00Z",
            claims = new[] { new { type, value }, new { type = "visitor_id", value = visitor } },
        });

    private static async Task<string> OutcomeAsync(HttpClient api, string id, string field, string value)
    {
        var result = await ApiJson.PostEventAsync(api, new
        {
            id,
            type = "form",
            occurredAt = "2026-12-01T10:00:00Z",
            payload = new Dictionary<string, string> { [field] = value },
            // The visitor, so the event is valid even when no rule reads the field.
            claims = new[] { new { type = "visitor_id", value = "v-" + value } },
        });
        return result.GetProperty("outcome").GetString()!;
    }

    private static async Task<string?> ContactEmailAsync(HttpClient api, string q)
    {
        var answer = await ApiJson.ReadAsync(await api.GetAsync($"api/crm/contacts?audience=all&q={Uri.EscapeDataString(q)}"));
        return answer.GetProperty("contacts").EnumerateArray().SingleOrDefault() is { ValueKind: System.Text.Json.JsonValueKind.Object } contact
            ? contact.GetProperty("email").GetString()
            : null;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < within, $"Not within {within.TotalSeconds} s: {what}.");
            await Task.Delay(50);
        }
    }
}
