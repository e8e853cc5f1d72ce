using System.Net;
using System.Text.Json;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Undoing a merge (issue 20, item 1), as a manager does it from the survivor's timeline: the merged-away contact comes
/// back with its id and what it brought, later events go where the engine's rules send them, and the pair is not
/// merged again. Both databases.
/// </summary>
public sealed class UndoMergeTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public Task AnUndoneMergeBringsTheVisitorBackOnSqlite() => WalkAsync(site);

    [PostgresFact]
    public async Task AnUndoneMergeBringsTheVisitorBackOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var postgresSite = SiteFactory.OnPostgres(database);
        await WalkAsync(postgresSite);
    }

    private static async Task WalkAsync(SiteFactory site)
    {
        var word = "u" + Guid.NewGuid().ToString("N")[..7];
        var (visitor, email) = ($"v-{word}", $"ann.{word}@undo.test");
        // A visitor browsing, tagged and marked by the team; Ann, who filled in a form.
        var loser = (await site.IngestAsync(Telemetry($"{word}-1", Day1, Visitor(visitor))))[0].ContactId!.Value;
        await site.IngestAsync(Telemetry($"{word}-2", Day1.AddHours(1), Visitor(visitor)));
        var survivor = (await site.IngestAsync(Form($"{word}-3", Day1.AddHours(2), Email(email)) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"Ann {word}" },
        }))[0].ContactId!.Value;
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await manager.PostFormAsync($"/admin/customers/{loser}", $"/admin/customers/{loser}/tags", new() { ["Input.Label"] = $"Browser {word}" });

        // A chat carrying both folds the visitor into Ann; then the visitor comes back alone, and Ann writes again.
        Assert.Equal(IngestOutcome.Merged, (await site.IngestAsync(Chat($"{word}-4", Day1.AddDays(1), Visitor(visitor), Email(email))))[0].Outcome);
        Assert.Equal(survivor, (await site.IngestAsync(Telemetry($"{word}-5", Day1.AddDays(2), Visitor(visitor), Visitor($"{visitor}-tablet"))))[0].ContactId);
        Assert.Equal(survivor, (await site.IngestAsync(Form($"{word}-6", Day1.AddDays(3), Email(email))))[0].ContactId);

        var profile = await manager.GetPageAsync($"/admin/customers/{survivor}");
        var undoLink = profile.QuerySelector("[data-testid=undo-merge-link]")!.GetAttribute("href")!;
        var undoPage = await manager.GetPageAsync(undoLink);
        Assert.Contains($"Contact #{loser}", undoPage.QuerySelector(".page-lede")!.TextContent);
        Assert.Contains("1 identifier, 2 activities, 0 linked records, 1 tag", undoPage.QuerySelector("[data-testid=undo-what]")!.TextContent);

        var undone = await manager.PostFormAsync(undoLink, undoLink, []);
        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        var after = await manager.GetPageAsync(undone.Headers.Location!.OriginalString);
        Assert.Contains($"contact #{loser} is a contact of its own again", after.QuerySelector("[role=status]")!.TextContent);

        // The visitor is back under its own id with its own identifiers and events, and the later visit (and the tablet
        // it brought) went with it: its strongest identifier is the visitor's. The chat stays with Ann: email outranks it.
        using (var scope = await site.TenantScopeAsync("Default"))
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var back = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == loser);
            Assert.Equal(Comerix.Crm.Contacts.ContactState.Live, back.State);
            Assert.Null(back.MergedIntoId);
            Assert.Equal([visitor, $"{visitor}-tablet"], (await db.Identifiers.AsNoTracking().Where(i => i.ContactId == loser).Select(i => i.Value).ToListAsync()).Order());
            Assert.Equal([email], await db.Identifiers.AsNoTracking().Where(i => i.ContactId == survivor).Select(i => i.Value).ToListAsync());
            var events = await db.Activities.AsNoTracking().Where(a => a.EventId.StartsWith(word)).ToDictionaryAsync(a => a.EventId, a => a.ContactId);
            Assert.Equal([loser, loser, survivor, survivor, loser, survivor], new[] { 1, 2, 3, 4, 5, 6 }.Select(n => events[$"{word}-{n}"]));
            Assert.True(await db.ContactTags.AnyAsync(t => t.ContactId == loser && t.Label == $"Browser {word}"));
            Assert.False(await db.ContactTags.AnyAsync(t => t.ContactId == survivor && t.Label == $"Browser {word}"));
            var ann = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == survivor);
            Assert.Equal(Day1.AddHours(2).UtcDateTime, ann.FirstSeen);
            Assert.Equal("Form", ann.Source);
            // Ann's last visit is the form after the merge; the visitor's later visit went with the visitor.
            Assert.Equal(Day1.AddDays(3).UtcDateTime, ann.LastSeen);
            Assert.Equal(Day1.AddDays(2).UtcDateTime, back.LastSeen);
            var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "contact.unmerged").ToListAsync();
            Assert.Contains(audit, e => e.DetailsJson!.Contains($"\"restoredId\":{loser}") && e.Actor == SiteFactory.ManagerEmail);
        }
        var survivorPage = await manager.GetPageAsync($"/admin/customers/{survivor}");
        Assert.Contains("Merge undone by manager@site.test", survivorPage.QuerySelector(".timeline")!.TextContent);
        Assert.Null(survivorPage.QuerySelector("[data-testid=undo-merge-link]"));
        Assert.Contains($"Merge into contact #{survivor} undone", (await manager.GetPageAsync($"/admin/customers/{loser}")).QuerySelector(".timeline")!.TextContent);

        // Not the same person, remembered: a chat tying them again is not merged.
        var again = (await site.IngestAsync(Chat($"{word}-7", Day1.AddDays(4), Visitor(visitor), Email(email))))[0];
        Assert.NotEqual(IngestOutcome.Merged, again.Outcome);
        Assert.Equal(survivor, again.ContactId);

        // The same merge cannot be undone twice; the page says why.
        var twice = await manager.GetPageAsync(undoLink);
        Assert.Contains("already undone", twice.QuerySelector("[data-testid=undo-refused]")!.TextContent);
        Assert.Null(twice.QuerySelector("[data-testid=undo-merge]"));
    }

    [Fact]
    public async Task AMergeIsUndoneNewestFirstAndNeverAfterAnErasure()
    {
        var word = "n" + Guid.NewGuid().ToString("N")[..7];
        var email = $"bo.{word}@undo.test";
        var first = (await site.IngestAsync(Telemetry($"{word}-1", Day1, Visitor($"a-{word}"))))[0].ContactId!.Value;
        var second = (await site.IngestAsync(Telemetry($"{word}-2", Day1, Visitor($"b-{word}"))))[0].ContactId!.Value;
        var person = (await site.IngestAsync(Form($"{word}-3", Day1, Email(email))))[0].ContactId!.Value;
        await site.IngestAsync(Chat($"{word}-4", Day1.AddDays(1), Visitor($"a-{word}"), Email(email)));
        await site.IngestAsync(Chat($"{word}-5", Day1.AddDays(2), Visitor($"b-{word}"), Email(email)));
        var (older, newer) = await MergeIdsAsync(site, person, first, second);
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        // The audit log's merge entries lead to the same page.
        using (var admin = await site.SignInAsync(SiteFactory.AdminEmail))
        {
            var audit = await admin.GetPageAsync("/admin/customers/audit?type=contact.merged");
            Assert.Contains(audit.QuerySelectorAll("[data-testid=audit-undo-merge]"), a => a.GetAttribute("href") == $"/admin/customers/merges/{older}/undo");
        }
        var refused = await manager.GetPageAsync($"/admin/customers/merges/{older}/undo");
        Assert.Contains($"took in #{second} after this merge", refused.QuerySelector("[data-testid=undo-refused]")!.TextContent);
        var posted = await manager.PostFormAsync($"/admin/customers/merges/{older}/undo", $"/admin/customers/merges/{older}/undo", []);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("undo that one first", (await manager.ReadAsync(posted)).QuerySelector("[data-testid=undo-refused]")!.TextContent);

        // Newest first works; then the older one can go too.
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"/admin/customers/merges/{newer}/undo", $"/admin/customers/merges/{newer}/undo", [])).StatusCode);
        Assert.Null((await manager.GetPageAsync($"/admin/customers/merges/{older}/undo")).QuerySelector("[data-testid=undo-refused]"));

        // Delete & forget the person: the record of what moved goes with them, and the merge says why it cannot be undone.
        using (var eraser = await site.TenantScopeAsync("Default"))
        {
            await eraser.ServiceProvider.GetRequiredService<Comerix.Crm.Erasure.ContactErasureService>().EraseAsync("Default", person, "DELETE", SiteFactory.AdminEmail, suppress: false);
        }
        Assert.Contains("erased", (await manager.GetPageAsync($"/admin/customers/merges/{older}/undo")).QuerySelector("[data-testid=undo-refused]")!.TextContent);
        using var scope = await site.TenantScopeAsync("Default");
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        Assert.False(await db.MergeHistoryRows.AnyAsync(r => r.MergeId == older || r.MergeId == newer));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/admin/customers/merges/999999999/undo")).StatusCode);
    }

    [Fact]
    public async Task AViewerCannotUndoAMerge()
    {
        var word = "w" + Guid.NewGuid().ToString("N")[..7];
        var person = (await site.IngestAsync(Form($"{word}-1", Day1, Email($"cy.{word}@undo.test"))))[0].ContactId!.Value;
        var visitor = (await site.IngestAsync(Telemetry($"{word}-2", Day1, Visitor($"c-{word}"))))[0].ContactId!.Value;
        await site.IngestAsync(Chat($"{word}-3", Day1, Visitor($"c-{word}"), Email($"cy.{word}@undo.test")));
        var (mergeId, _) = await MergeIdsAsync(site, person, visitor, visitor);
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var page = await viewer.GetAsync($"/admin/customers/merges/{mergeId}/undo");
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.Null((await viewer.GetPageAsync($"/admin/customers/{person}")).QuerySelector("[data-testid=undo-merge-link]"));
        using var scope = await site.TenantScopeAsync("Default");
        Assert.Equal(Comerix.Crm.Contacts.ContactState.Merged,
            (await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Contacts.AsNoTracking().SingleAsync(c => c.Id == visitor)).State);
    }

    /// <summary>The merges of <paramref name="a"/> and <paramref name="b"/> into <paramref name="survivor"/>, by merge id.</summary>
    private static async Task<(long A, long B)> MergeIdsAsync(SiteFactory site, long survivor, long a, long b)
    {
        using var scope = await site.TenantScopeAsync("Default");
        var merges = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().MergeHistory.AsNoTracking()
            .Where(m => m.SurvivorId == survivor).ToDictionaryAsync(m => m.MergedId, m => m.Id);
        return (merges[a], merges[b]);
    }
}
