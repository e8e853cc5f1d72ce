using System.Net;
using System.Text.Json;
using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Comerix.Crm.Tests.Erasure;
using Comerix.Crm.Tests.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Api;

/// <summary>
/// Privacy requests over the API: <c>POST /api/crm/erasure</c> and its status, for a key with the privacy scope.
/// The erasure is the admin's Delete &amp; forget: afterwards no value of the person is in the database files.
/// </summary>
public sealed class PrivacyApiTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private async Task<long> SendAsync(HttpClient api, string id, string email, object payload)
    {
        var sent = await api.PostAsync("api/crm/events", Body(new { id, type = "form", occurredAt = "2026-11-20T10:00:00Z", payload }));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var result = (await ReadAsync(sent)).GetProperty("events")[0];
        return result.GetProperty("contactId").GetInt64();
    }

    [Fact]
    public async Task ErasureByEmailLeavesNoTraceAndIsCompleted()
    {
        using var ingest = site.ApiClient(await site.CreateApiKeyAsync());
        using var privacy = site.ApiClient(await site.CreateApiKeyAsync("privacy"));
        string[] values = ["Vantrell Oszkarine", "Vantrell.Osz@privacy-api.test", "vantrell.osz@privacy-api.test", "plum-vo-90311"];
        var contactId = await SendAsync(ingest, "pa-1", "Vantrell.Osz@privacy-api.test",
            new { email = "Vantrell.Osz@privacy-api.test", name = "Vantrell Oszkarine", colour = "plum-vo-90311" });
        await site.CheckpointCrmDatabaseAsync();
        Assert.NotEmpty(RawBytes.Find(site.CrmDatabaseFiles(), values));

        var erased = await privacy.PostAsync("api/crm/erasure", Body(new { type = "email", value = "VANTRELL.Osz@privacy-api.test" }));
        var text = await erased.Content.ReadAsStringAsync();
        Assert.True(erased.StatusCode == HttpStatusCode.OK, text);
        var status = await ReadAsync(erased);
        Assert.Equal(contactId, status.GetProperty("requestId").GetInt64());
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Empty(status.GetProperty("pending").EnumerateArray());
        Assert.Equal(1, status.GetProperty("counts").GetProperty("activities").GetInt32());
        Assert.DoesNotContain("vantrell", text, StringComparison.OrdinalIgnoreCase);

        Assert.Empty(RawBytes.Find(site.CrmDatabaseFiles(), values));
        var again = await privacy.GetAsync($"api/crm/erasure/{contactId}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("completed", (await ReadAsync(again)).GetProperty("status").GetString());
        await ProblemAsync(await privacy.GetAsync($"api/crm/contacts/{contactId}/export"), HttpStatusCode.Gone);
        await ProblemAsync(await privacy.GetAsync("api/crm/erasure/987654321"), HttpStatusCode.NotFound);

        // Audited as the admin's erasure is, with the key as the actor.
        await using var scope = await site.TenantScopeAsync("Default");
        var entry = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.ContactErased).OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.StartsWith("API key \u201CTest key\u201D", entry.Actor);
        Assert.Equal(contactId, JsonDocument.Parse(entry.DetailsJson!).RootElement.GetProperty("contactId").GetInt64());

        // By contact id, a second time: nothing is left, and it says so.
        var repeated = await privacy.PostAsync("api/crm/erasure", Body(new { contactId }));
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal("completed", (await ReadAsync(repeated)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task WithSuppressionALaterEventWithThatEmailCreatesNothing()
    {
        using var ingest = site.ApiClient(await site.CreateApiKeyAsync());
        using var privacy = site.ApiClient(await site.CreateApiKeyAsync("privacy"));
        await SendAsync(ingest, "ps-1", "never.back@privacy-api.test", new { email = "never.back@privacy-api.test" });

        var erased = await privacy.PostAsync("api/crm/erasure", Body(new { type = "email", value = "never.back@privacy-api.test", suppress = true }));
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var status = await ReadAsync(erased);
        Assert.True(status.GetProperty("suppress").GetBoolean());
        Assert.Equal(1, status.GetProperty("counts").GetProperty("suppressed identifiers").GetInt32());

        // Nobody holds this one: 404 says so, and with suppress it is suppressed all the same.
        var notHeld = await privacy.PostAsync("api/crm/erasure", Body(new { type = "email", value = "never.here@privacy-api.test", suppress = true }));
        Assert.Contains("now on the suppression list", await ProblemAsync(notHeld, HttpStatusCode.NotFound));
        var plainMiss = await privacy.PostAsync("api/crm/erasure", Body(new { type = "email", value = "nobody@privacy-api.test" }));
        Assert.Contains("nothing was erased", await ProblemAsync(plainMiss, HttpStatusCode.NotFound));

        var before = await site.StoredEventCountAsync();
        foreach (var (id, email) in new[] { ("ps-2", "Never.Back@privacy-api.test"), ("ps-3", "never.here@privacy-api.test") })
        {
            var later = await ingest.PostAsync("api/crm/events", Body(new { id, type = "form", occurredAt = "2026-11-22T10:00:00Z", payload = new { email } }));
            Assert.Equal("suppressed", (await ReadAsync(later)).GetProperty("events")[0].GetProperty("outcome").GetString());
        }
        Assert.Equal(before, await site.StoredEventCountAsync());
        var other = await ingest.PostAsync("api/crm/events", Body(new { id = "ps-4", type = "form", occurredAt = "2026-11-22T10:00:00Z", payload = new { email = "nobody@privacy-api.test" } }));
        Assert.Equal("created", (await ReadAsync(other)).GetProperty("events")[0].GetProperty("outcome").GetString());

        await using var scope = await site.TenantScopeAsync("Default");
        var suppressedAudit = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.IdentifierSuppressed).Select(e => e.DetailsJson).ToListAsync();
        Assert.Single(suppressedAudit);
        Assert.DoesNotContain("never.here", suppressedAudit[0]);
    }

    [Fact]
    public async Task OnlyAKeyWithThePrivacyScopeMayEraseOrExport()
    {
        using var ingest = site.ApiClient(await site.CreateApiKeyAsync("ingest,read"));
        var contactId = await SendAsync(ingest, "pk-1", "kept.safe@privacy-api.test", new { email = "kept.safe@privacy-api.test" });

        var refused = await ingest.PostAsync("api/crm/erasure", Body(new { type = "email", value = "kept.safe@privacy-api.test" }));
        Assert.Contains("privacy", await ProblemAsync(refused, HttpStatusCode.Forbidden));
        await ProblemAsync(await ingest.GetAsync($"api/crm/erasure/{contactId}"), HttpStatusCode.Forbidden);
        await ProblemAsync(await ingest.GetAsync($"api/crm/contacts/{contactId}/export"), HttpStatusCode.Forbidden);
        using var anonymous = site.ApiClient(null);
        await ProblemAsync(await anonymous.PostAsync("api/crm/erasure", Body(new { contactId })), HttpStatusCode.Unauthorized);

        // Still there.
        Assert.Equal(HttpStatusCode.OK, (await ingest.GetAsync($"api/crm/contacts/{contactId}")).StatusCode);
    }

    [Fact]
    public async Task AMalformedRequestErasesNothingAndNamesEveryProblem()
    {
        using var privacy = site.ApiClient(await site.CreateApiKeyAsync("privacy"));
        var both = await privacy.PostAsync("api/crm/erasure", Body(new { type = "email", value = "a@b.test", contactId = 5, colour = "red" }));
        var text = await ProblemAsync(both, HttpStatusCode.BadRequest);
        Assert.Contains("not both", text);
        Assert.Contains("field 'colour' is unknown", text);
        Assert.Contains("type is missing", await ProblemAsync(await privacy.PostAsync("api/crm/erasure", Body(new { suppress = "yes" })), HttpStatusCode.BadRequest));
        Assert.Contains("not a usable email", await ProblemAsync(await privacy.PostAsync("api/crm/erasure", Body(new { type = "email", value = "not an email" })), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesThePrivacyEndpoints()
    {
        using var client = site.ApiClient(null);
        var document = await ReadAsync(await client.GetAsync("openapi/crm.json"));
        var paths = document.GetProperty("paths");
        var erase = paths.GetProperty("/api/crm/erasure").GetProperty("post");
        Assert.True(erase.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        foreach (var code in new[] { "200", "202", "400", "403", "404" })
        {
            Assert.True(erase.GetProperty("responses").TryGetProperty(code, out _), code);
        }
        Assert.True(paths.GetProperty("/api/crm/erasure/{id}").GetProperty("get").GetProperty("responses").TryGetProperty("200", out _));
        var export = paths.GetProperty("/api/crm/contacts/{id}/export").GetProperty("get").GetProperty("responses");
        foreach (var code in new[] { "200", "403", "404", "410" })
        {
            Assert.True(export.TryGetProperty(code, out _), code);
        }
    }
}
