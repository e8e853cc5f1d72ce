using System.Net;
using Comerix.Crm.Identity.Resolution;
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
