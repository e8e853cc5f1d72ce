using System.Net;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>One tag on many contacts: the rows ticked on the Contacts list, or everyone its filters match.</summary>
public sealed class ContactBulkTagsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static string Word() => "b" + Guid.NewGuid().ToString("N")[..7];

    private async Task<long> PersonAsync(string word, string who) =>
        (await site.IngestAsync(Form($"{word}-{who}", Day1, Email($"{who}.{word}@site.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"{who} {word}" },
        }))[0].ContactId!.Value;

    private static Dictionary<string, string> Ticked(string label, params long[] ids)
    {
        var fields = new Dictionary<string, string> { ["scope"] = "ticked", ["label"] = label, ["audience"] = "all" };
        for (var i = 0; i < ids.Length; i++)
        {
            fields[$"ids[{i}]"] = ids[i].ToString();
        }
        return fields;
    }

    private static async Task<List<string>> NamesTaggedAsync(SiteClient client, string tag) =>
        (await client.GetPageAsync($"/admin/customers?audience=all&tag={Uri.EscapeDataString(tag)}"))
            .QuerySelectorAll("#contact-results .customer-name").Select(n => n.TextContent.Trim()).Order().ToList();

    [Fact]
    public async Task AManagerTagsTheTickedRowsAndOnlyThose()
    {
        var word = Word();
        var ada = await PersonAsync(word, "ada");
        var bob = await PersonAsync(word, "bob");
        await PersonAsync(word, "cy");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        // The list offers a box per row and the bar that acts on them.
        var list = await manager.GetPageAsync($"/admin/customers?audience=all&q={word}");
        Assert.Equal(3, list.QuerySelectorAll("#contact-results input[name=ids][form=bulk-tags]").Length);
        Assert.NotNull(list.QuerySelector("form#bulk-tags input[name=label]"));

        var posted = await manager.PostFormAsync($"/admin/customers?audience=all&q={word}", "/admin/customers/bulk-tags",
            Ticked($" Spring  {word} ", ada, bob));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var back = await manager.GetPageAsync(posted.Headers.Location!.OriginalString);
        Assert.Contains($"Tagged 2 contacts \u201CSpring {word}\u201D.", back.QuerySelector(".alert-success")!.TextContent);
        Assert.Equal([$"ada {word}", $"bob {word}"], await NamesTaggedAsync(manager, $"spring {word}"));

        // Again, with one more ticked: only the newcomer gains it, and the message says so.
        var again = await manager.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags", Ticked($"spring {word}", ada, bob, ada + 1_000_000));
        var message = (await manager.GetPageAsync(again.Headers.Location!.OriginalString)).QuerySelector(".alert-success")!.TextContent;
        Assert.Contains("No contact gained the tag", message);
        Assert.Contains("2 already had it.", message);
        Assert.Contains("1 ticked contact no longer exists.", message);

        // Typed in another case, the tag keeps the spelling it already has.
        var cy = await PersonAsync(word, "cyd");
        var joined = await manager.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags", Ticked($"SPRING {word}", cy));
        Assert.Contains($"Tagged 1 contact \u201CSpring {word}\u201D.",
            (await manager.GetPageAsync(joined.Headers.Location!.OriginalString)).QuerySelector(".alert-success")!.TextContent);
        Assert.Equal([$"ada {word}", $"bob {word}", $"cyd {word}"], await NamesTaggedAsync(manager, $"spring {word}"));

        var removed = await manager.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags?handler=remove", Ticked($"SPRING {word}", bob));
        Assert.Contains($"Removed the tag \u201CSPRING {word}\u201D from 1 contact.",
            (await manager.GetPageAsync(removed.Headers.Location!.OriginalString)).QuerySelector(".alert-success")!.TextContent);
        Assert.Equal([$"ada {word}", $"cyd {word}"], await NamesTaggedAsync(manager, $"spring {word}"));
    }

    [Fact]
    public async Task EveryoneTheFiltersMatchIsTaggedAcrossPagesAfterTheCountIsShown()
    {
        var word = Word();
        for (var i = 0; i < 30; i++)
        {
            await PersonAsync(word, $"p{i:00}");
        }
        var outsider = await PersonAsync(Word(), "out");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var list = await manager.GetPageAsync($"/admin/customers?q={word}");
        var link = list.QuerySelector("[data-testid=bulk-tag-all]")!;
        Assert.Equal("Tag all 30", link.TextContent.Trim());
        var confirm = await manager.GetPageAsync(link.GetAttribute("href")!);
        Assert.Contains($"all 30 contacts in this list: identified contacts, matching \u201C{word}\u201D",
            confirm.QuerySelector("[data-testid=bulk-reach]")!.TextContent);

        var posted = await manager.PostFormAsync(link.GetAttribute("href")!, "/admin/customers/bulk-tags",
            new() { ["scope"] = "filter", ["audience"] = "identified", ["q"] = word, ["label"] = $"Fair {word}" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        // Back on the list it came from, filters kept.
        Assert.Contains($"q={word}", posted.Headers.Location!.OriginalString);
        Assert.Contains($"Tagged 30 contacts \u201CFair {word}\u201D.",
            (await manager.GetPageAsync(posted.Headers.Location!.OriginalString)).QuerySelector(".alert-success")!.TextContent);
        var tagged = await manager.GetPageAsync($"/admin/customers?audience=all&tag={Uri.EscapeDataString($"fair {word}")}");
        Assert.Contains("of 30", tagged.QuerySelector(".pager")!.TextContent);
        Assert.DoesNotContain(tagged.QuerySelectorAll(".customer a"), a => a.GetAttribute("href")!.EndsWith($"/{outsider}"));

        // And off again, for everyone the tag filter itself matches.
        var removed = await manager.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags?handler=remove",
            new() { ["scope"] = "filter", ["audience"] = "all", ["tag"] = $"fair {word}", ["label"] = $"fair {word}" });
        Assert.Contains($"from 30 contacts.",
            (await manager.GetPageAsync(removed.Headers.Location!.OriginalString)).QuerySelector(".alert-success")!.TextContent);
        Assert.Empty(await NamesTaggedAsync(manager, $"fair {word}"));
    }

    [Fact]
    public async Task ABadTagOrNothingTickedIsRefusedWithTheTextAndTheTicksKept()
    {
        var word = Word();
        var ada = await PersonAsync(word, "ada");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var bad = await manager.ReadAsync(await manager.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags", Ticked("<b>", ada)));
        Assert.Contains("letters, digits, spaces", bad.QuerySelector(".field-error")!.TextContent);
        Assert.Equal("<b>", bad.QuerySelector("input[name=label]")!.GetAttribute("value"));
        Assert.Equal([ada.ToString()], bad.QuerySelectorAll("input[type=hidden][name=ids]").Select(i => i.GetAttribute("value")));
        Assert.Contains("the 1 contact you ticked", bad.QuerySelector("[data-testid=bulk-reach]")!.TextContent);

        var none = await manager.ReadAsync(await manager.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags", Ticked($"Lead {word}")));
        Assert.Contains("Nobody was ticked", none.QuerySelector("[data-testid=bulk-blocker]")!.TextContent);
        Assert.Equal($"Lead {word}", none.QuerySelector("input[name=label]")!.GetAttribute("value"));
        Assert.Empty(await NamesTaggedAsync(manager, $"lead {word}"));
    }

    [Fact]
    public async Task AFullContactIsLeftOutAMergedOneIsTaggedOnItsSurvivorAndTheAuditLogKeepsNoWords()
    {
        var word = Word();
        var full = await PersonAsync(word, "full");
        var kept = await PersonAsync(word, "kept");
        var folded = await PersonAsync(word, "folded");
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        for (var i = 0; i < 20; i++)
        {
            await admin.PostFormAsync($"/admin/customers/{full}", $"/admin/customers/{full}/tags", new() { ["Input.Label"] = $"t{i}" });
        }
        // The row was ticked before the merge; the person now lives on in the survivor.
        await site.Services.GetRequiredService<Comerix.Crm.Resolution.IdentityEngine>()
            .MergeAsync("Default", mergeId: folded, intoId: kept, actor: "test");

        var posted = await admin.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags", Ticked($"Gala {word}", full, folded));
        var message = (await admin.GetPageAsync(posted.Headers.Location!.OriginalString)).QuerySelector(".alert-success")!.TextContent;
        Assert.Contains($"Tagged 1 contact \u201CGala {word}\u201D.", message);
        Assert.Contains("1 contact already holds 20 tags and was left out.", message);
        Assert.Equal([$"kept {word}"], await NamesTaggedAsync(admin, $"gala {word}"));

        var audit = await admin.GetPageAsync("/admin/customers/audit");
        Assert.Contains("Tag added to many contacts", audit.QuerySelector("table")!.TextContent);
        Assert.DoesNotContain(word, audit.Body!.InnerHtml);
    }

    [Fact]
    public async Task OnlyTheExactFilterScopeReachesEveryoneAnythingElseActsOnTheTickedRows()
    {
        var word = Word();
        var ada = await PersonAsync(word, "ada");
        var bob = await PersonAsync(word, "bob");
        await PersonAsync(word, "cy");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var noScope = Ticked($"One {word}", ada);
        noScope.Remove("scope");
        noScope["q"] = word;
        await manager.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags", noScope);
        var oddScope = Ticked($"One {word}", bob);
        oddScope["scope"] = "Filter ";
        oddScope["q"] = word;
        await manager.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags", oddScope);
        Assert.Equal([$"ada {word}", $"bob {word}"], await NamesTaggedAsync(manager, $"one {word}"));
    }

    [Fact]
    public async Task AnUnknownFilterOrAnEmptyListTagsNobodyAndSaysWhy()
    {
        var word = Word();
        await PersonAsync(word, "ada");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var unknown = await manager.GetPageAsync($"/admin/customers/bulk-tags?q={word}&contactable=maybe");
        Assert.Contains("contactable 'maybe' is unknown", unknown.QuerySelector("[data-testid=bulk-blocker]")!.TextContent);
        Assert.All(unknown.QuerySelectorAll(".form-card button[type=submit]"), b => Assert.True(b.HasAttribute("disabled")));
        var refused = await manager.ReadAsync(await manager.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags",
            new() { ["scope"] = "filter", ["q"] = word, ["contactable"] = "maybe", ["label"] = $"Wide {word}" }));
        Assert.Contains("nobody is tagged from it", refused.QuerySelector("[data-testid=bulk-blocker]")!.TextContent);
        Assert.Empty(await NamesTaggedAsync(manager, $"wide {word}"));

        var empty = await manager.GetPageAsync($"/admin/customers/bulk-tags?q=nobody-{word}");
        Assert.Contains("Nobody matches these filters", empty.QuerySelector(".form-card")!.TextContent);
        Assert.All(empty.QuerySelectorAll(".form-card button[type=submit]"), b => Assert.True(b.HasAttribute("disabled")));

        var nobodyTicked = await manager.ReadAsync(await manager.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags", Ticked($"Lead {word}")));
        Assert.Contains("Nobody was ticked", nobodyTicked.QuerySelector("[data-testid=bulk-blocker]")!.TextContent);
    }

    [Fact]
    public async Task AViewerSeesNoBoxesAndCannotTagInBulk()
    {
        var word = Word();
        var id = await PersonAsync(word, "vi");
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var list = await viewer.GetPageAsync($"/admin/customers?q={word}");
        Assert.Null(list.QuerySelector("#bulk-tags"));
        Assert.Empty(list.QuerySelectorAll("input[name=ids]"));
        Assert.Null(list.QuerySelector("[data-testid=bulk-tag-all]"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/admin/customers/bulk-tags")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await viewer.PostFormAsync($"/admin/customers?q={word}", "/admin/customers/bulk-tags", Ticked("Sneaky", id))).StatusCode);
    }
}
