using System.Net;
using System.Text.Json;
using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Access and portability: one person's data as one JSON document, by API (privacy scope) or from the profile
/// (comerix.crm.pii.export: Administrators by default), holding their timeline with payloads, notes and linked records,
/// nothing of anyone else; every export is in the audit log, without the content.
/// </summary>
public sealed class PersonalDataExportTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private async Task<long> SendAsync(HttpClient api, string id, object payload, string type = "form")
    {
        var sent = await api.PostAsync("api/crm/events", Body(new { id, type, occurredAt = "2026-11-20T10:00:00Z", payload }));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        return (await ReadAsync(sent)).GetProperty("events")[0].GetProperty("contactId").GetInt64();
    }

    [Fact]
    public async Task TheExportHoldsThePersonsTimelinePayloadNotesAndLinkedRecordsAndNothingOfAnother()
    {
        using var ingest = site.ApiClient(await site.CreateApiKeyAsync());
        using var privacy = site.ApiClient(await site.CreateApiKeyAsync("privacy"));
        var person = await SendAsync(ingest, "px-1", new { email = "orsolya.export@export.test", name = "Orsolya Brandvik", message = "payload-marker-ob-5521" });
        await SendAsync(ingest, "px-2", new { email = "someone.else@export.test", name = "Tiberiu Other", message = "payload-marker-other-7734" });
        var merged = await SendAsync(ingest, "px-3", new { email = "orsolya.second@export.test", message = "payload-marker-merged-1180" });
        await site.Services.GetRequiredService<IdentityEngine>().MergeAsync("Default", mergeId: merged, intoId: person, actor: "test");
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        var noted = await admin.PostFormAsync($"/admin/customers/{person}", $"/admin/customers/{person}/notes",
            new() { ["Input.Text"] = "Asked for a copy of their data: note-marker-ob-3319" });
        Assert.Equal(HttpStatusCode.Redirect, noted.StatusCode);

        // Asked for by the merged-away id: the survivor answers, and says which id was asked for.
        var response = await privacy.GetAsync($"api/crm/contacts/{merged}/export");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var document = JsonDocument.Parse(text).RootElement;
        Assert.Equal("comerix.crm.personal-data/1", document.GetProperty("format").GetString());
        Assert.Equal(person, document.GetProperty("contactId").GetInt64());
        Assert.Equal(merged, document.GetProperty("requestedId").GetInt64());
        Assert.Contains(merged, document.GetProperty("mergedIds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("Orsolya Brandvik", document.GetProperty("profile").GetProperty("name").GetString());
        Assert.Contains(document.GetProperty("identifiers").EnumerateArray(), i => i.GetProperty("value").GetString() == "orsolya.second@export.test");
        Assert.Equal("Orsolya Brandvik", document.GetProperty("traits").GetProperty("name").GetString());
        var payloads = document.GetProperty("timeline").EnumerateArray()
            .Where(a => a.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object).Select(a => a.GetProperty("payload").GetRawText()).ToList();
        Assert.Contains(payloads, p => p.Contains("payload-marker-ob-5521"));
        Assert.Contains(payloads, p => p.Contains("payload-marker-merged-1180"));
        var note = Assert.Single(document.GetProperty("notes").EnumerateArray());
        Assert.Equal("Asked for a copy of their data: note-marker-ob-3319", note.GetProperty("text").GetString());
        Assert.True(document.TryGetProperty("tags", out _));
        Assert.True(document.TryGetProperty("doNotContact", out _));
        Assert.True(document.TryGetProperty("linkedRecords", out _));
        foreach (var foreign in new[] { "someone.else", "Tiberiu", "payload-marker-other-7734" })
        {
            Assert.DoesNotContain(foreign, text);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await privacy.GetAsync("api/crm/contacts/987654321/export")).StatusCode);

        // The demo stores' records of the person are linked records, exported by their eraser.
        using var visitor = new SiteClient(site.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), "");
        await visitor.PostFormAsync("/demo", "/demo?handler=chat",
            new() { ["Chat.Name"] = "Orsolya Brandvik", ["Chat.Email"] = "orsolya.export@export.test", ["Chat.Message"] = "chat-marker-ob-4410" });
        var withChat = await (await privacy.GetAsync($"api/crm/contacts/{person}/export")).Content.ReadAsStringAsync();
        var linked = JsonDocument.Parse(withChat).RootElement.GetProperty("linkedRecords").EnumerateArray()
            .Single(l => l.GetProperty("what").GetString() == "conversations");
        Assert.Contains("chat-marker-ob-4410", linked.GetProperty("records").GetRawText());
        Assert.DoesNotContain("someone.else", withChat);

        // Each export is an audit entry: who and whom, never the content.
        await using var scope = await site.TenantScopeAsync("Default");
        var entries = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.ContactDataExported).ToListAsync();
        entries = entries.Where(e => JsonDocument.Parse(e.DetailsJson!).RootElement.GetProperty("contactId").GetInt64() == person).ToList();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.StartsWith("API key \u201CTest key\u201D", e.Actor);
            foreach (var content in new[] { "orsolya", "Orsolya", "marker" })
            {
                Assert.DoesNotContain(content, e.DetailsJson);
            }
        });
    }

    [Fact]
    public async Task TheProfileButtonIsForAdministratorsAndDownloadsTheSameDocumentWhichTheAuditLogShowsWithoutContent()
    {
        using var ingest = site.ApiClient(await site.CreateApiKeyAsync());
        using var privacy = site.ApiClient(await site.CreateApiKeyAsync("privacy"));
        var person = await SendAsync(ingest, "pb-1", new { email = "button.person@export.test", name = "Button Person", message = "payload-marker-bp-6627" });

        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        Assert.Null((await manager.GetPageAsync($"/admin/customers/{person}")).QuerySelector("[data-testid=export-personal-data]"));
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync($"/api/crm/contacts/{person}/export")).StatusCode);

        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        var button = (await admin.GetPageAsync($"/admin/customers/{person}")).QuerySelector("[data-testid=export-personal-data]");
        Assert.NotNull(button);
        Assert.Equal("Download this person's data", button!.TextContent.Trim());
        var downloaded = await admin.GetAsync(button.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, downloaded.StatusCode);
        var fromButton = JsonDocument.Parse(await downloaded.Content.ReadAsStringAsync()).RootElement;
        var fromApi = JsonDocument.Parse(await (await privacy.GetAsync($"api/crm/contacts/{person}/export")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Without(fromApi, "exportedAt"), Without(fromButton, "exportedAt"));
        Assert.Contains("payload-marker-bp-6627", fromButton.GetProperty("timeline").GetRawText());

        var audit = await admin.GetPageAsync("/admin/customers/audit");
        var rows = audit.QuerySelectorAll("tr").Select(r => r.TextContent).Where(t => t.Contains("Personal data exported")).ToList();
        Assert.Contains(rows, r => r.Contains(SiteFactory.AdminEmail));
        Assert.Contains(rows, r => r.Contains("Test key"));
        Assert.DoesNotContain("button.person", audit.DocumentElement.OuterHtml);
        Assert.DoesNotContain("payload-marker-bp-6627", audit.DocumentElement.OuterHtml);
    }

    private static string Without(JsonElement document, string property) =>
        JsonSerializer.Serialize(document.EnumerateObject().Where(p => p.Name != property).ToDictionary(p => p.Name, p => p.Value));
}
