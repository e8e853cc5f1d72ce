using System.Net;
using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>Saved views: the list's filters under a name, above the list for the whole team.</summary>
public sealed class ContactViewsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static Dictionary<string, string> ViewOf(string name, string audience = "all", string? source = null, string? seen = null, string? tag = null, string? q = null)
    {
        var fields = new Dictionary<string, string> { ["name"] = name, ["audience"] = audience };
        foreach (var (key, value) in new[] { ("source", source), ("seen", seen), ("tag", tag), ("q", q) })
        {
            if (value is not null)
            {
                fields[key] = value;
            }
        }
        return fields;
    }

    private Task<HttpResponseMessage> SaveAsync(SiteClient client, Dictionary<string, string> fields) =>
        client.PostFormAsync("/admin/customers?audience=all&source=Chat", "/admin/customers/views", fields);

    [Fact]
    public async Task AManagerSavesTheFiltersAndTheWholeTeamFindsTheViewAboveTheList()
    {
        var word = "v" + Guid.NewGuid().ToString("N")[..7];
        await site.IngestAsync(Chat($"{word}-1", DateTimeOffset.UtcNow.AddDays(-3), Conversation($"{word}-c"), Email($"recent.{word}@views.test")));
        await site.IngestAsync(Chat($"{word}-2", DateTimeOffset.UtcNow.AddDays(-60), Conversation($"{word}-d"), Email($"older.{word}@views.test")));
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var filtered = await manager.GetPageAsync("/admin/customers?audience=all&source=Chat&seen=30d");
        Assert.NotNull(filtered.QuerySelector("form.view-save input[name=name]"));
        Assert.Null((await manager.GetPageAsync("/admin/customers")).QuerySelector("form.view-save"));

        var saved = await SaveAsync(manager, ViewOf($"Recent chats {word}", source: "Chat", seen: "30d", q: word));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var list = await manager.GetPageAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains($"Saved the view \u201CRecent chats {word}\u201D", list.QuerySelector(".alert-success")!.TextContent);
        Assert.Contains("The search text is not part of it.", list.QuerySelector(".alert-success")!.TextContent);
        var active = list.QuerySelector(".view-chip.is-active")!;
        Assert.Equal($"Recent chats {word}", active.TextContent);
        Assert.Equal("all contacts, first seen through Chat, seen in the last 30 days", active.GetAttribute("title"));
        // The view is those filters, so it offers no second save.
        Assert.Null(list.QuerySelector("form.view-save"));

        // A viewer sees the chip and gets the same contacts, but cannot save or delete.
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var theirs = await viewer.GetPageAsync("/admin/customers");
        var chip = theirs.QuerySelectorAll(".view-chip").Single(c => c.TextContent == $"Recent chats {word}");
        Assert.Null(theirs.QuerySelector(".view-manage"));
        var viewed = await viewer.GetPageAsync(chip.GetAttribute("href")!);
        var emails = viewed.QuerySelectorAll("#contact-results tbody tr td:nth-child(2)").Select(td => td.TextContent).ToList();
        Assert.Contains($"recent.{word}@views.test", emails);
        Assert.DoesNotContain($"older.{word}@views.test", emails);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/admin/customers/views")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostFormAsync("/admin/customers", "/admin/customers/views", ViewOf("Sneaky", source: "Form"))).StatusCode);
    }

    [Fact]
    public async Task ANameThatNeedsFixingIsRefusedWithWhatWasTypedKept()
    {
        var word = "v" + Guid.NewGuid().ToString("N")[..7];
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(manager, ViewOf($"Forms {word}", source: "Form", seen: "7d"))).StatusCode);

        var cases = new (Dictionary<string, string> Fields, string Problem)[]
        {
            (ViewOf("   ", source: "Form"), "Name the view first."),
            (ViewOf($"FORMS {word}", source: "Import"), $"A view named \u201CForms {word}\u201D exists already."),
            (ViewOf($"Again {word}", source: "Form", seen: "7d"), $"The view \u201CForms {word}\u201D shows these contacts already."),
            (ViewOf($"Everyone {word}", audience: "identified"), "These are the list's own filters"),
            (ViewOf(new string('n', 61), source: "Form"), "at most 60 characters"),
            (ViewOf($"Odd {word}", seen: "fortnight"), "seen 'fortnight' is unknown"),
        };
        foreach (var (fields, problem) in cases)
        {
            // Blank input binds as nothing: there is nothing to keep.
            var typed = string.IsNullOrWhiteSpace(fields["name"]) ? null : fields["name"];
            var page = await manager.ReadAsync(await SaveAsync(manager, fields));
            Assert.Contains(problem, page.QuerySelector(".field-error")!.TextContent);
            Assert.Equal(typed, page.QuerySelector("input[name=name]")!.GetAttribute("value"));
            // The filters being saved are kept for the next try.
            Assert.Equal(fields.GetValueOrDefault("source"), page.QuerySelector("input[type=hidden][name=source]")!.GetAttribute("value"));
        }
        var views = await manager.GetPageAsync("/admin/customers/views");
        Assert.Single(views.QuerySelectorAll("tbody tr"), r => r.TextContent.Contains(word));
    }

    [Fact]
    public async Task DeletingAViewChangesNoContactAndTheAuditLogKeepsNoName()
    {
        var word = "v" + Guid.NewGuid().ToString("N")[..7];
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        await SaveAsync(admin, ViewOf($"Imports {word}", source: "Import"));
        var views = await admin.GetPageAsync("/admin/customers/views");
        var row = views.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(word));
        Assert.Contains("all contacts, first seen through Import", row.TextContent);
        var key = row.QuerySelector("input[name=key]")!.GetAttribute("value")!;

        var deleted = await admin.PostFormAsync("/admin/customers/views", "/admin/customers/views?handler=delete", new() { ["key"] = key });
        var after = await admin.GetPageAsync(deleted.Headers.Location!.OriginalString);
        Assert.Contains($"Deleted the view \u201CImports {word}\u201D. No contact was changed.", after.QuerySelector(".alert-success")!.TextContent);
        Assert.DoesNotContain(word, after.QuerySelector(".card")!.TextContent);
        Assert.DoesNotContain((await admin.GetPageAsync("/admin/customers")).QuerySelectorAll(".view-chip"), c => c.TextContent.Contains(word));

        var again = await admin.PostFormAsync("/admin/customers/views", "/admin/customers/views?handler=delete", new() { ["key"] = key });
        Assert.Contains("already gone", (await admin.GetPageAsync(again.Headers.Location!.OriginalString)).QuerySelector(".alert-success")!.TextContent);

        var audit = await admin.GetPageAsync("/admin/customers/audit");
        Assert.Contains("Contacts view saved", audit.QuerySelector("table")!.TextContent);
        Assert.Contains("Contacts view deleted", audit.QuerySelector("table")!.TextContent);
        Assert.DoesNotContain(word, audit.Body!.InnerHtml);
    }
}
