using System.Net;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>Manual notes: written on the profile, shown in the timeline with their author, kept with the person.</summary>
public sealed class ContactNotesTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static string Tag() => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task AManagerAddsANoteFromTheProfileAndItJoinsTheTimelineWithTheirName()
    {
        var tag = Tag();
        var id = (await site.IngestAsync(Form($"{tag}-1", Day1, Email($"note.{tag}@site.test"))))[0].ContactId!.Value;
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var profile = await manager.GetPageAsync($"/admin/customers/{id}");
        var form = profile.QuerySelector("form.note-form")!;
        Assert.Equal($"/admin/customers/{id}/notes", form.GetAttribute("action"));
        var posted = await manager.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/notes",
            new() { ["Input.Text"] = $"Called {tag}: renewal in May, prefers email." });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/admin/customers/{id}#activity", posted.Headers.Location!.OriginalString);

        var after = await manager.GetPageAsync($"/admin/customers/{id}");
        Assert.Contains("Note added to the timeline.", after.QuerySelector(".alert-success")!.TextContent);
        var note = after.QuerySelectorAll(".timeline-row.type-note").Select(r => r.TextContent).Single(t => t.Contains(tag));
        // The text is isolated from the author line that follows it (a right-to-left override inside cannot reorder it).
        Assert.Contains($"\u2068Called {tag}: renewal in May, prefers email.\u2069 — note by {SiteFactory.ManagerEmail}", note);

        var inbox = await manager.GetPageAsync("/admin/customers/activity?type=notes&anon=1");
        Assert.Equal("Notes", inbox.QuerySelector(".chips .chip.is-active")!.TextContent);
        Assert.Contains(inbox.QuerySelectorAll(".stream-row"), r => r.TextContent.Contains($"Called {tag}"));
        Assert.DoesNotContain(inbox.QuerySelectorAll(".stream-row"), r => !r.ClassList.Contains("type-note"));
    }

    [Fact]
    public async Task AnEmptyOrOverlongNoteIsRefusedWithItsTextKeptAndNothingAdded()
    {
        var tag = Tag();
        var id = (await site.IngestAsync(Form($"{tag}-1", Day1, Email($"long.{tag}@site.test"))))[0].ContactId!.Value;
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var before = await site.StoredEventCountAsync();

        var empty = await manager.ReadAsync(await manager.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/notes",
            new() { ["Input.Text"] = "   " }));
        Assert.Contains("Write the note first.", empty.QuerySelector(".field-error")!.TextContent);

        var text = tag + new string('x', 4001);
        var response = await manager.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/notes", new() { ["Input.Text"] = text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await manager.ReadAsync(response);
        Assert.Contains("at most 4,000 characters", page.QuerySelector(".field-error")!.TextContent);
        Assert.Equal(text, page.QuerySelector("textarea")!.TextContent.Trim());
        Assert.Equal(before, await site.StoredEventCountAsync());
    }

    [Fact]
    public async Task AViewerSeesNoNoteBoxAndCannotPostOne()
    {
        var tag = Tag();
        var id = (await site.IngestAsync(Form($"{tag}-1", Day1, Email($"viewer.{tag}@site.test"))))[0].ContactId!.Value;
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var profile = await viewer.GetPageAsync($"/admin/customers/{id}");
        Assert.Null(profile.QuerySelector("form.note-form"));

        var before = await site.StoredEventCountAsync();
        var posted = await viewer.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/notes", new() { ["Input.Text"] = "Sneaky" });
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Equal(before, await site.StoredEventCountAsync());
    }

    [Fact]
    public async Task ANoteWrittenOnAContactMergedAwayMeanwhileLandsOnTheSurvivor()
    {
        var tag = Tag();
        var kept = (await site.IngestAsync(Form($"{tag}-1", Day1, Email($"kept.{tag}@site.test"))))[0].ContactId!.Value;
        var folded = (await site.IngestAsync(Form($"{tag}-2", Day1, Email($"folded.{tag}@site.test"))))[0].ContactId!.Value;
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var profile = $"/admin/customers/{folded}";
        await manager.GetPageAsync(profile);
        await site.Services.GetRequiredService<Comerix.Crm.Resolution.IdentityEngine>()
            .MergeAsync("Default", mergeId: folded, intoId: kept, actor: "test");

        var posted = await manager.PostFormAsync($"/admin/customers/{kept}", $"/admin/customers/{folded}/notes", new() { ["Input.Text"] = $"Late {tag}" });
        Assert.Equal($"/admin/customers/{kept}#activity", posted.Headers.Location!.OriginalString);
        var survivor = await manager.GetPageAsync($"/admin/customers/{kept}");
        Assert.Contains($"Contact #{folded} had been merged into", survivor.QuerySelector(".alert-success")!.TextContent);
        Assert.Contains(survivor.QuerySelectorAll(".timeline-row.type-note"), r => r.TextContent.Contains($"Late {tag}"));
    }
}
