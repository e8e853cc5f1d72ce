using System.Net;
using Comerix.Crm.Resolution;
using Comerix.Crm.Tests.Site;
using Comerix.SiteHost.Data;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Api;

/// <summary>The headless read API: who may read, what they get, and that tenants never see each other.</summary>
public sealed class ReadApiTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private async Task<long> SeedAsync(string tenant, string id, string email, string name)
    {
        var engine = site.Services.GetRequiredService<IdentityEngine>();
        var result = await engine.IngestBatchAsync(tenant,
        [
            Form(id, Day1, Email(email), Visitor("v-" + id)) with { Traits = new Dictionary<string, string> { ["name"] = name } },
            Conversion(id + "-order", Day1.AddHours(1), 80m, Email(email)),
            Telemetry(id + "-page", Day1.AddHours(2), Visitor("v-" + id)),
        ]);
        return result[0].ContactId!.Value;
    }

    [Fact]
    public async Task AReadKeyListsSearchesAndReadsContactsAndTheirTimeline()
    {
        site.StartServer();
        var id = await SeedAsync("Default", "read-1", "ada@read.test", "Ada Reader");
        using var api = site.ApiClient(await site.CreateApiKeyAsync("read"));

        var list = await ReadAsync(await api.GetAsync("api/crm/contacts?q=ada@read"));
        Assert.Equal(1, list.GetProperty("totalMatches").GetInt32());
        Assert.Equal("Ada Reader", list.GetProperty("contacts")[0].GetProperty("name").GetString());
        Assert.Equal(25, list.GetProperty("pageSize").GetInt32());
        var bySource = await ReadAsync(await api.GetAsync("api/crm/contacts?source=form&audience=all"));
        Assert.Contains(bySource.GetProperty("contacts").EnumerateArray(), c => c.GetProperty("id").GetInt64() == id);

        var contact = await ReadAsync(await api.GetAsync($"api/crm/contacts/{id}"));
        Assert.Equal("ada@read.test", contact.GetProperty("email").GetString());
        Assert.Equal(1, contact.GetProperty("summary").GetProperty("conversions").GetInt32());
        Assert.Equal(80m, contact.GetProperty("summary").GetProperty("conversionValues")[0].GetProperty("total").GetDecimal());

        var timeline = await ReadAsync(await api.GetAsync($"api/crm/contacts/{id}/activities"));
        Assert.Equal(["telemetry", "conversion", "form"], timeline.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("type").GetString()));
        Assert.False(timeline.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task BadQueriesAndUnknownIdsGetProblems()
    {
        using var api = site.ApiClient(await site.CreateApiKeyAsync("read"));
        Assert.Contains("source 'fax' is unknown", await ProblemAsync(await api.GetAsync("api/crm/contacts?source=fax"), HttpStatusCode.BadRequest));
        Assert.Contains("audience 'everyone' is unknown", await ProblemAsync(await api.GetAsync("api/crm/contacts?audience=everyone"), HttpStatusCode.BadRequest));
        Assert.Contains("page 'zero' is not a page number", await ProblemAsync(await api.GetAsync("api/crm/contacts?page=zero"), HttpStatusCode.BadRequest));
        Assert.Contains("no contact 987654", await ProblemAsync(await api.GetAsync("api/crm/contacts/987654"), HttpStatusCode.NotFound));
        Assert.Contains("no contact 987654", await ProblemAsync(await api.GetAsync("api/crm/contacts/987654/activities"), HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task ASignedInViewerMayReadAnIngestKeyMayNotAndStrangersGet401()
    {
        site.StartServer();
        var id = await SeedAsync("Default", "read-2", "viewer@read.test", "Seen By Viewer");
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var response = await viewer.GetAsync($"/api/crm/contacts/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Seen By Viewer", (await ReadAsync(response)).GetProperty("name").GetString());

        using var ingestOnly = site.ApiClient(await site.CreateApiKeyAsync("ingest"));
        Assert.Contains("lacks the scope", await ProblemAsync(await ingestOnly.GetAsync($"api/crm/contacts/{id}"), HttpStatusCode.Forbidden));
        using var anonymous = site.ApiClient(null);
        await ProblemAsync(await anonymous.GetAsync("api/crm/contacts"), HttpStatusCode.Unauthorized);
    }

    /// <summary>
    /// The list is the directory in pages: a script pages it through in a loop, a bulk copy like the CSV export, and
    /// so needs the export permission when a signed-in user calls it (a Viewer reads one contact at a time, as the
    /// admin's profile does). A key with the read scope lists; only someone who may export can create one.
    /// </summary>
    [Fact]
    public async Task ListingContactsIsABulkCopyAndNeedsTheExportPermission()
    {
        site.StartServer();
        var id = await SeedAsync("Default", "read-3", "listed@read.test", "Listed Person");
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        foreach (var query in new[] { "", "?page=1", "?page=2", "?q=listed@read", "?audience=all&source=form" })
        {
            Assert.Contains("comerix.crm.export", await ProblemAsync(await viewer.GetAsync($"/api/crm/contacts{query}"), HttpStatusCode.Forbidden));
        }
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/crm/contacts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/crm/contacts/{id}/activities")).StatusCode);

        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var listed = await ReadAsync(await manager.GetAsync("/api/crm/contacts?q=listed@read"));
        Assert.Equal(["Listed Person"], listed.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        using var reader = site.ApiClient(await site.CreateApiKeyAsync("read"));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("api/crm/contacts?q=listed@read")).StatusCode);
    }

    [Fact]
    public async Task OnlySomeoneWhoMayExportCreatesAKeyThatReads()
    {
        await site.EnsureUsersAsync();
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            await scope.ServiceProvider.GetRequiredService<Comerix.Crm.Recipes.RecipeExecutor>().ExecuteAsync("Default", """
                { "name": "keymakers", "steps": [ { "name": "roles", "roles": [
                    { "name": "KeyMaker", "permissions": [ "comerix.crm.view", "comerix.crm.manage" ] } ] } ] }
                """);
        }
        await site.CreateUserAsync("Default", "keymaker@read.test", "KeyMaker");
        using var keyMaker = await site.SignInAsync(null);
        await keyMaker.SignInAsync("keymaker@read.test", SiteFactory.Password);
        var before = await KeyCountAsync();

        var refused = await keyMaker.PostFormAsync("/admin/customers/api-keys", "/admin/customers/api-keys?handler=create",
            new() { ["Input.Name"] = "Copier", ["Input.Ingest"] = "true", ["Input.Read"] = "true" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("comerix.crm.export", (await keyMaker.ReadAsync(refused)).QuerySelector("[data-valmsg-for='Input.Read']")!.TextContent);
        Assert.Equal(before, await KeyCountAsync());

        var ingestOnly = await keyMaker.PostFormAsync("/admin/customers/api-keys", "/admin/customers/api-keys?handler=create",
            new() { ["Input.Name"] = "Sender", ["Input.Ingest"] = "true", ["Input.Read"] = "false" });
        Assert.Equal(HttpStatusCode.Redirect, ingestOnly.StatusCode);
        Assert.Equal(before + 1, await KeyCountAsync());
    }

    private async Task<int> KeyCountAsync()
    {
        await using var scope = await site.TenantScopeAsync("Default");
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            scope.ServiceProvider.GetRequiredService<Comerix.Crm.Data.CrmDbContext>().ApiKeys);
    }

    [Fact]
    public async Task AnotherTenantsIdsAre404AndItsKeysAreNotValidHere()
    {
        await site.EnsureUsersAsync();
        await site.Services.GetRequiredService<SiteSetup>().CreateTenantAsync("globex", "globex", null, SiteSetup.DefaultRecipePath);
        var globexContact = await SeedAsync("globex", "globex-1", "hank@globex.test", "Hank Scorpio");
        var defaultContact = await SeedAsync("Default", "default-9", "hank@globex.test", "Default Hank");
        var globexKey = await site.CreateApiKeyAsync("ingest,read", "globex");
        var defaultKey = await site.CreateApiKeyAsync("ingest,read");

        using var globex = site.ApiClient(globexKey, "/t/globex");
        Assert.Equal("Hank Scorpio", (await ReadAsync(await globex.GetAsync($"api/crm/contacts/{globexContact}"))).GetProperty("name").GetString());
        if (globexContact != defaultContact)
        {
            await ProblemAsync(await globex.GetAsync($"api/crm/contacts/{defaultContact}"), HttpStatusCode.NotFound);
        }
        var list = await ReadAsync(await globex.GetAsync("api/crm/contacts?q=hank"));
        Assert.Equal(["Hank Scorpio"], list.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        // Each key works only on its own tenant: for reads and for writes.
        using var crossRead = site.ApiClient(defaultKey, "/t/globex");
        await ProblemAsync(await crossRead.GetAsync($"api/crm/contacts/{globexContact}"), HttpStatusCode.Unauthorized);
        using var crossWrite = site.ApiClient(globexKey);
        var before = await site.StoredEventCountAsync();
        await ProblemAsync(await crossWrite.PostAsync("api/crm/events", Body(new
        {
            id = "cross-1", type = "form", occurredAt = "2026-11-20T10:00:00Z", claims = new[] { new { type = "email", value = "x@globex.test" } },
        })), HttpStatusCode.Unauthorized);
        Assert.Equal(before, await site.StoredEventCountAsync());
    }
}
