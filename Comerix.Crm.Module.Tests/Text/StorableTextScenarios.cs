using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Recipes;
using Comerix.Crm.Tests.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Text;

/// <summary>
/// Text no database can keep (NUL, an escape spelling half a surrogate pair), sent every way text comes in; run by
/// <see cref="StorableTextTests"/> on SQLite and by <see cref="StorableTextOnPostgresTests"/> on PostgreSQL.
/// </summary>
internal static class StorableTextScenarios
{
    private const string Tenant = "Default";

    private static async Task<long> PersonAsync(SiteFactory site, string email) =>
        (await site.IngestAsync(Form("storable-" + email, Day1, Email(email))))[0].ContactId!.Value;

    /// <summary>Every reader of a JSON body refuses "\ud800" by its path, with 400, and stores nothing.</summary>
    public static async Task LoneSurrogateEscapesAreRefusedByPathWhereverJsonIsRead(SiteFactory site)
    {
        var id = await PersonAsync(site, "sur@storable.test");
        using var api = site.ApiClient(await site.CreateApiKeyAsync("ingest,read"));
        var before = await site.StoredEventCountAsync();

        var native = await api.PostAsync("api/crm/events", Body("""
            {"id":"sur-1","type":"form","occurredAt":"2026-11-20T10:00:00Z","claims":[{"type":"email","value":"sur@storable.test"}],"payload":{"note":"a\ud800b"}}
            """));
        var detail = await ProblemAsync(native, HttpStatusCode.BadRequest);
        Assert.Contains("$.payload.note contains an unpaired UTF-16 surrogate", detail);
        var batch = await api.PostAsync("api/crm/events", Body("""
            {"events":[{"id":"sur-2","type":"form","occurredAt":"2026-11-20T10:00:00Z","claims":[{"type":"email","value":"sur@storable.test"}],"payload":{"x":["ok","\udc00"]}}]}
            """));
        Assert.Contains("$.events[0].payload.x[1] contains an unpaired", await ProblemAsync(batch, HttpStatusCode.BadRequest));

        using var segment = site.ApiClient(null);
        segment.DefaultRequestHeaders.Authorization = Basic(await site.CreateApiKeyAsync());
        var track = await segment.PostAsync("v1/track", Body("""{"userId":"u-sur","event":"Viewed","properties":{"title":"x\ud800"}}"""));
        Assert.Contains("$.properties.title contains an unpaired", await ProblemAsync(track, HttpStatusCode.BadRequest));
        Assert.Equal(before, await site.StoredEventCountAsync());

        // The do-not-contact API read each field with GetString(), which threw: a 500 HTML page.
        foreach (var (path, body, named) in new[]
        {
            ("do-not-contact", """{"type":"email","value":"sur@storable.test\ud800","reason":"unsubscribed"}""", "$.value"),
            ("do-not-contact", """{"type":"email","value":"sur@storable.test","reason":"unsubscribed\udfff"}""", "$.reason"),
            ("do-not-contact/lift", """{"type":"email","value":"sur@storable.test","why":"asked \ud83d again"}""", "$.why"),
        })
        {
            var refused = await api.PostAsync($"api/crm/{path}", Body(body));
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"{named} contains an unpaired UTF-16 surrogate", await ProblemAsync(refused, HttpStatusCode.BadRequest));
        }
        await using (var scope = await site.TenantScopeAsync(Tenant))
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<DoNotContactList>().ForContactAsync(Tenant, id));

            // A recipe and the engine itself (what other modules call in-process) say the same.
            var recipe = await Assert.ThrowsAsync<RecipeException>(() => scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync(Tenant,
                """{ "name": "bad", "steps": [ { "name": "identity-rules", "rules": [ { "name": "R\ud800", "trigger": "form" } ] } ] }"""));
            Assert.Contains("$.steps[0].rules[0].name contains an unpaired UTF-16 surrogate", recipe.Errors.Single());
        }
        var engine = await Assert.ThrowsAsync<CrmValidationException>(() => site.IngestAsync(
            Form("sur-engine", Day1, Email("sur@storable.test")) with { PayloadJson = """{"note":"a\ud800b"}""" }));
        Assert.Contains("payload.note contains an unpaired UTF-16 surrogate", engine.Errors.Single());
        Assert.Equal(before, await site.StoredEventCountAsync());

        // The rule editor's sample event.
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "Surrogate sample", ["Input.Enabled"] = "true", ["Input.Trigger"] = "form",
            ["Input.Identifiers[0].Field"] = "email", ["Input.Identifiers[0].Identifier"] = "email",
            ["Input.Sample"] = """{ "type": "form", "payload": { "email": "sur@storable.test", "name": "\ud800" } }""",
        };
        const string create = "/admin/customers/matching/rules/create";
        var tested = await manager.PostFormAsync(create, create + "?handler=test", fields);
        Assert.Equal(HttpStatusCode.OK, tested.StatusCode);
        Assert.Contains("$.payload.name contains an unpaired UTF-16 surrogate",
            (await manager.ReadAsync(tested)).QuerySelector("[data-testid=test-result]")!.TextContent);
    }

    /// <summary>A row stored before the rule (its payload holds "\ud800") is read with U+FFFD in its place.</summary>
    public static async Task ARowStoredWithALoneSurrogateStillReads(SiteFactory site)
    {
        var id = await PersonAsync(site, "old-row@storable.test");
        await using (var scope = await site.TenantScopeAsync(Tenant))
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(
                "UPDATE crm_activities SET payload_json = {0} WHERE tenant_id = {1} AND event_id = {2}",
                """{"name":"Old \ud800 row","email":"old-row@storable.test"}""", Tenant, "storable-old-row@storable.test"));
        }
        using var api = site.ApiClient(await site.CreateApiKeyAsync("read"));
        var activities = await api.GetAsync($"api/crm/contacts/{id}/activities");
        Assert.Equal(HttpStatusCode.OK, activities.StatusCode);
        var row = (await ReadAsync(activities)).GetProperty("activities").EnumerateArray()
            .Single(a => a.GetProperty("eventId").GetString() == "storable-old-row@storable.test");
        Assert.Equal("Old \uFFFD row", row.GetProperty("payload").GetProperty("name").GetString());

        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        foreach (var page in new[] { $"/admin/customers/{id}", "/admin/customers/activity", $"/admin/customers/activity?selected={id}" })
        {
            Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(page)).StatusCode);
        }
    }

    /// <summary>A NUL in a query, a form field or a file name is a 400 naming it, before any database sees it.</summary>
    public static async Task NulInAQueryAFormOrAFileNameIs400NamingIt(SiteFactory site)
    {
        var id = await PersonAsync(site, "nul@storable.test");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        foreach (var (url, name) in new[]
        {
            ("/admin/customers?q=%00", "'q'"),
            ("/admin/customers?tag=a%00", "'tag'"),
            ("/admin/customers/export?q=ada%00", "'q'"),
            ($"/admin/customers/{id}/merge?q=%00", "'q'"),
            ("/admin/customers/bulk-tags?scope=filter&tag=a%00", "'tag'"),
        })
        {
            var response = await manager.GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
            Assert.Contains($"the query parameter {name} contains a NUL character", text);
        }

        var fine = await manager.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags",
            new() { ["scope"] = "ticked", ["ids"] = id.ToString(), ["label"] = "VIP" });
        Assert.Equal(HttpStatusCode.Redirect, fine.StatusCode);
        // URL-encoded, ASP.NET cannot read the form at all; as multipart the field is named.
        var tagged = await manager.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags",
            new() { ["scope"] = "ticked", ["ids"] = id.ToString(), ["label"] = "VIP\0" });
        Assert.Equal(HttpStatusCode.BadRequest, tagged.StatusCode);
        Assert.Contains("the form could not be read", await tagged.Content.ReadAsStringAsync());
        var token = (await manager.GetPageAsync("/admin/customers")).QuerySelectorAll("form[method=post] input[name=__RequestVerificationToken]")
            .Select(i => i.GetAttribute("value")).First(v => !string.IsNullOrEmpty(v))!;
        var multipart = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("ticked"), "scope" },
            { new StringContent(id.ToString()), "ids" }, { new StringContent("VIP\0"), "label" },
        };
        var taggedMultipart = await manager.Http.PostAsync("/admin/customers/bulk-tags", multipart);
        Assert.Equal(HttpStatusCode.BadRequest, taggedMultipart.StatusCode);
        Assert.Contains("the form field 'label' contains a NUL character", await taggedMultipart.Content.ReadAsStringAsync());

        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent("name,email\nNul File,nul-file@storable.test\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        // RFC 5987's encoded form, as browsers send names they cannot quote.
        file.Headers.TryAddWithoutValidation("Content-Disposition", "form-data; name=\"file\"; filename*=UTF-8''list%00.csv");
        form.Add(file);
        var upload = await manager.Http.PostAsync("/admin/customers/import", form);
        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Contains("the name of the uploaded file 'file' contains a NUL character", await upload.Content.ReadAsStringAsync());

        using var api = site.ApiClient(await site.CreateApiKeyAsync("read"));
        foreach (var (query, name) in new[] { ("q=%00", "'q'"), ("tag=a%00", "'tag'"), ("q=ok&source=web%00", "'source'") })
        {
            var response = await api.GetAsync($"api/crm/contacts?{query}");
            Assert.Contains($"The query parameter {name} contains a NUL character", await ProblemAsync(response, HttpStatusCode.BadRequest));
        }
        // Half a surrogate pair spelled in a URL (%ED%A0%80) is not UTF-8 and never decodes to one: searched for, not refused.
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/crm/contacts?q=%ED%A0%80")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/admin/customers?q=nul%40storable")).StatusCode);
    }
}
