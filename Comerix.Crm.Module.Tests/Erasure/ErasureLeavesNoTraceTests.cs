using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Comerix.Crm.Tests.Site;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Erasure;

/// <summary>The site with every log line it writes captured.</summary>
public sealed class LoggedSiteFactory : SiteFactory
{
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>
/// Delete &amp; forget on SQLite, end to end: a person who came in through the API, chatted and filled in the demo
/// form is forgotten, and then none of their values is in the database file, its WAL or its shared-memory file
/// (read as raw bytes), nor in anything the site logged. Before the erasure the same scan finds them.
/// </summary>
public sealed class ErasureLeavesNoTraceTests(LoggedSiteFactory site) : IClassFixture<LoggedSiteFactory>
{
    private static readonly string[] Values =
    [
        "Quillon Xerxabar", "Quillon.Xerx@erasure-unique.test", "quillon.xerx@erasure-unique.test", "+1 415 555 0173", "+14155550173",
        "cust-QX-77812", "vis-QX-55219", "ultramarine-qx-4411", "Xerxabar Looms",
    ];

    [Fact]
    public async Task AfterDeleteAndForgetNoValueOfThePersonIsInTheDatabaseFilesOrTheLogs()
    {
        // A webhook endpoint that cannot be reached: every event about the person waits in the outbox, payload and all.
        site.StartServer();
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var (endpoint, _, _) = await scope.ServiceProvider.GetRequiredService<Comerix.Crm.Webhooks.WebhookEndpointService>()
                .CreateAsync("Default", "https://receiver.invalid/hook", Comerix.Crm.Notifications.CrmEventTypes.All, "test");
            Assert.NotNull(endpoint);
        }
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        var sent = await api.PostAsync("api/crm/events", Body(new
        {
            events = new object[]
            {
                new
                {
                    id = "erase-1", type = "form", occurredAt = "2026-11-20T10:00:00Z",
                    claims = new[] { new { type = "visitor_id", value = "vis-QX-55219" } },
                    traits = new { favourite_colour = "ultramarine-qx-4411" },
                    payload = new { email = "Quillon.Xerx@erasure-unique.test", phone = "+1 415 555 0173", name = "Quillon Xerxabar", company = "Xerxabar Looms" },
                },
                new
                {
                    id = "erase-2", type = "conversion", occurredAt = "2026-11-21T10:00:00Z",
                    payload = new { customerId = "cust-QX-77812", email = "Quillon.Xerx@erasure-unique.test", total = 42, currency = "EUR" },
                },
            },
        }));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var contactId = (await ReadAsync(sent)).GetProperty("events")[0].GetProperty("contactId").GetInt64();

        // The same person in the demo stores, through the storefront; and looked up by an admin.
        using var visitor = new SiteClient(site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }), "");
        await visitor.PostFormAsync("/demo", "/demo?handler=chat", new() { ["Chat.Name"] = "Quillon Xerxabar", ["Chat.Email"] = "Quillon.Xerx@erasure-unique.test", ["Chat.Message"] = "Hello" });
        await visitor.PostFormAsync("/demo", "/demo?handler=form", new()
        {
            ["Form.Name"] = "Quillon Xerxabar", ["Form.Email"] = "Quillon.Xerx@erasure-unique.test", ["Form.Phone"] = "+1 415 555 0173", ["Form.Company"] = "Xerxabar Looms",
        });
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        await admin.GetPageAsync("/admin/customers?q=Quillon.Xerx%40erasure-unique.test");
        await admin.GetPageAsync($"/admin/customers/{contactId}");
        await site.CheckpointCrmDatabaseAsync();
        Assert.NotEmpty(RawBytes.Find(site.CrmDatabaseFiles(), Values));

        var erased = await admin.PostFormAsync($"/admin/customers/{contactId}/delete", $"/admin/customers/{contactId}/delete",
            new() { ["Confirmation"] = "Quillon.Xerx@erasure-unique.test" });
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);

        Assert.Empty(RawBytes.Find(site.CrmDatabaseFiles(), Values));
        // What the outbox keeps about them now: the erasure itself, by id.
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var left = scope.ServiceProvider.GetRequiredService<Comerix.Crm.Data.CrmDbContext>().WebhookDeliveries
                .Where(d => d.ContactId == contactId || d.OtherContactId == contactId).ToList();
            Assert.Equal([$"{{\"id\":{contactId}}}"], left.Select(d => System.Text.Json.JsonDocument.Parse(d.PayloadJson).RootElement.GetProperty("data").GetRawText()));
        }
        var logged = site.Logs.Lines.ToList();
        Assert.NotEmpty(logged);
        var inLogs = Values.Where(v => logged.Any(line => line.Contains(v, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(inLogs.Count == 0, "logged: " + string.Join(", ", inLogs));

        // Forgotten means forgotten: the same email later is a new, unrelated person.
        var again = await api.PostAsync("api/crm/events", Body(new
        {
            id = "erase-3", type = "form", occurredAt = "2026-11-22T10:00:00Z",
            payload = new { email = "Quillon.Xerx@erasure-unique.test" },
        }));
        var newContact = (await ReadAsync(again)).GetProperty("events")[0];
        Assert.Equal("created", newContact.GetProperty("outcome").GetString());
        Assert.NotEqual(contactId, newContact.GetProperty("contactId").GetInt64());
    }
}
