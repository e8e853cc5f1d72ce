using System.Net;
using System.Text.Json;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>"Do not contact": set and lifted on the profile, seen on the list, its filter, the export and the API; kept through merges.</summary>
public sealed class DoNotContactTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static string Word() => "d" + Guid.NewGuid().ToString("N")[..7];

    private async Task<long> PersonAsync(string word, string who) =>
        (await site.IngestAsync(Form($"{word}-{who}", Day1, Email($"{who}.{word}@dnc.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"{who} {word}" },
        }))[0].ContactId!.Value;

    private static Task<HttpResponseMessage> MarkAsync(SiteClient client, long id, string reason) =>
        client.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/do-not-contact", new() { ["reason"] = reason });

    private static Task<HttpResponseMessage> AllowAsync(SiteClient client, long id, string why) =>
        client.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/do-not-contact?handler=allow", new() { ["why"] = why });

    private static async Task<List<string>> NamesAsync(SiteClient client, string query) =>
        (await client.GetPageAsync($"/admin/customers?{query}")).QuerySelectorAll("#contact-results .customer-name")
            .Select(n => n.TextContent.Trim().Split(' ')[0]).Order().ToList();

    [Fact]
    public async Task AMarkedPersonShowsEverywhereAndTheFilterExportAndApiFollowIt()
    {
        var word = Word();
        var ann = await PersonAsync(word, "ann");
        await PersonAsync(word, "ben");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var marked = await MarkAsync(manager, ann, "unsubscribed");
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        var profile = await manager.GetPageAsync($"/admin/customers/{ann}");
        Assert.Contains("Marked do not contact.", profile.QuerySelector(".alert-success")!.TextContent);
        Assert.NotNull(profile.QuerySelector(".contact-badges .pill-dnc"));
        Assert.Contains("Unsubscribed", profile.QuerySelector("#reach .reach-state")!.TextContent);
        Assert.Contains("Marked do not contact: Unsubscribed.", profile.QuerySelector(".timeline-row.type-note")!.TextContent);

        var list = await manager.GetPageAsync($"/admin/customers?q={word}");
        var rows = list.QuerySelectorAll("#contact-results tbody tr");
        Assert.Single(rows, r => r.QuerySelector(".pill-dnc") is not null && r.TextContent.Contains($"ann {word}"));
        Assert.Equal(["ann"], await NamesAsync(manager, $"q={word}&contactable=no"));
        Assert.Equal(["ben"], await NamesAsync(manager, $"q={word}&contactable=yes"));
        // Its count is everyone matching less the marked.
        Assert.Contains("1–1 of 1", (await manager.GetPageAsync($"/admin/customers?q={word}&contactable=yes")).QuerySelector(".pager")!.TextContent);
        // Without a search the marks themselves lead (a different query on SQLite): the same people.
        var everyoneMarked = await manager.GetPageAsync("/admin/customers?audience=all&contactable=no");
        var markedNames = everyoneMarked.QuerySelectorAll("#contact-results .customer-name").Select(n => n.TextContent.Trim()).ToList();
        Assert.Contains($"ann {word}", markedNames);
        Assert.DoesNotContain($"ben {word}", markedNames);
        Assert.All(everyoneMarked.QuerySelectorAll("#contact-results tbody tr"), r => Assert.NotNull(r.QuerySelector(".pill-dnc")));

        var csv = await (await manager.GetAsync($"/admin/customers/export?q={word}")).Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",tags,do_not_contact,stage,owner", lines[0]);
        Assert.EndsWith(",unsubscribed,,", lines.Single(l => l.Contains($"ann.{word}")));
        Assert.EndsWith(",,,", lines.Single(l => l.Contains($"ben.{word}")));

        using var listJson = JsonDocument.Parse(await (await manager.GetAsync($"/api/crm/contacts?q={word}&contactable=no")).Content.ReadAsStringAsync());
        Assert.Equal(1, listJson.RootElement.GetProperty("totalMatches").GetInt32());
        Assert.True(listJson.RootElement.GetProperty("contacts")[0].GetProperty("doNotContact").GetBoolean());
        using var detail = JsonDocument.Parse(await (await manager.GetAsync($"/api/crm/contacts/{ann}")).Content.ReadAsStringAsync());
        Assert.Equal("unsubscribed", detail.RootElement.GetProperty("doNotContact").GetProperty("reason").GetString());
        var refused = await manager.GetAsync($"/api/crm/contacts?contactable=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("contactable 'maybe' is unknown", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LiftingTheMarkNeedsAReasonWhichGoesOnTheTimelineNotTheAuditLog()
    {
        var word = Word();
        var id = await PersonAsync(word, "cal");
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);

        var noReason = await admin.ReadAsync(await MarkAsync(admin, id, ""));
        Assert.Contains("Choose why", noReason.QuerySelector(".field-error")!.TextContent);
        await MarkAsync(admin, id, "complaint");
        var twice = await admin.ReadAsync(await MarkAsync(admin, id, "asked"));
        Assert.Contains("already: Reported messages as spam.", twice.QuerySelector(".field-error")!.TextContent);

        var noWhy = await admin.ReadAsync(await AllowAsync(admin, id, "   "));
        Assert.Contains("Say why this person may be contacted again", noWhy.QuerySelector(".field-error")!.TextContent);
        var tooLong = new string('w', 1_001);
        var kept = await admin.ReadAsync(await AllowAsync(admin, id, tooLong));
        Assert.Equal(tooLong, kept.QuerySelector("textarea[name=why]")!.TextContent);

        var allowed = await AllowAsync(admin, id, $"Subscribed again in the shop {word}");
        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        var profile = await admin.GetPageAsync($"/admin/customers/{id}");
        Assert.Null(profile.QuerySelector(".contact-badges .pill-dnc"));
        Assert.Contains("May be contacted.", profile.QuerySelector("#reach")!.TextContent);
        Assert.Contains($"Contact allowed again: Subscribed again in the shop {word}", profile.QuerySelector(".timeline-row.type-note")!.TextContent);

        var audit = await admin.GetPageAsync("/admin/customers/audit");
        Assert.Contains("Marked do not contact", audit.QuerySelector("table")!.TextContent);
        Assert.Contains("Contact allowed again", audit.QuerySelector("table")!.TextContent);
        // The notes these left on the timeline are not audited a second time.
        Assert.DoesNotContain("Note added", audit.QuerySelector("table")!.TextContent);
        Assert.DoesNotContain(word, audit.Body!.InnerHtml);
    }

    [Fact]
    public async Task AMergeKeepsTheMarkOnTheSurvivorAndErasureDeletesIt()
    {
        var word = Word();
        var kept = await PersonAsync(word, "kept");
        var folded = await PersonAsync(word, "folded");
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        await MarkAsync(admin, folded, "bounced");
        Assert.Contains("do-not-contact mark", (await admin.GetPageAsync($"/admin/customers/{kept}/merge?other={folded}")).Body!.TextContent);

        await site.Services.GetRequiredService<Comerix.Crm.Resolution.IdentityEngine>()
            .MergeAsync("Default", mergeId: folded, intoId: kept, actor: "test");
        var profile = await admin.GetPageAsync($"/admin/customers/{kept}");
        Assert.Contains("Messages bounce", profile.QuerySelector("#reach .reach-state")!.TextContent);

        // Forgetting someone who said stop warns that it forgets the stop too.
        Assert.NotNull((await admin.GetPageAsync($"/admin/customers/{kept}/delete")).QuerySelector("[data-testid=forget-do-not-contact]"));
        await admin.PostFormAsync($"/admin/customers/{kept}/delete", $"/admin/customers/{kept}/delete", new() { ["Confirmation"] = $"kept.{word}@dnc.test" });
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Comerix.Crm.Data.CrmDbContext>();
        Assert.False(await db.DoNotContact.AnyAsync(d => d.ContactId == kept || d.ContactId == folded));
    }

    [Fact]
    public async Task AViewerSeesTheMarkButCannotChangeIt()
    {
        var word = Word();
        var id = await PersonAsync(word, "vee");
        using (var manager = await site.SignInAsync(SiteFactory.ManagerEmail))
        {
            await MarkAsync(manager, id, "asked");
        }
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var profile = await viewer.GetPageAsync($"/admin/customers/{id}");
        Assert.Contains("Asked not to be contacted", profile.QuerySelector("#reach")!.TextContent);
        Assert.Null(profile.QuerySelector("#reach form"));
        Assert.Equal(HttpStatusCode.Forbidden, (await AllowAsync(viewer, id, "because")).StatusCode);
    }
}
