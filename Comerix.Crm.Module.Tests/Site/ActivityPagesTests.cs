using System.Net;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>The Activity inbox: tiles, chips, anonymous hidden by default, the preview pane, and the live refresh.</summary>
public sealed class ActivityPagesTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task TheInboxShowsIdentifiedActivityNewestFirstAndChipsAndTheAnonymousToggleFilterIt()
    {
        var tag = "a" + Guid.NewGuid().ToString("N")[..8];
        using var client = await site.SignInAsync(SiteFactory.ViewerEmail);
        var before = await client.GetPageAsync("/admin/customers/activity");
        var eventsBefore = Count(before, "tile-events-today");
        var conversionsBefore = Count(before, "tile-conversions-today");
        var contactsBefore = Count(before, "tile-contacts-today");

        await site.IngestAsync(
            Telemetry($"{tag}-1", Day1, Visitor($"v-{tag}")),
            Form($"{tag}-2", Day1.AddHours(1), Email($"{tag}@site.test")) with { Traits = new Dictionary<string, string> { ["name"] = $"Ines {tag}" } },
            Conversion($"{tag}-3", Day1.AddHours(2), 42m, CustomerId($"cus-{tag}"), Email($"{tag}@site.test", verified: true)));

        var page = await client.GetPageAsync("/admin/customers/activity");
        Assert.Equal(eventsBefore + 3, Count(page, "tile-events-today"));
        Assert.Equal(conversionsBefore + 1, Count(page, "tile-conversions-today"));
        Assert.Equal(contactsBefore + 2, Count(page, "tile-contacts-today"));
        var whats = Rows(page).Take(2).ToList();
        Assert.Equal([$"Ines {tag}", $"Ines {tag}"], whats.Select(r => r.Who));
        Assert.StartsWith("Converted: 42.00", whats[0].What);
        Assert.DoesNotContain(Rows(page), r => r.Who.Contains($"v-{tag}") || r.Who.StartsWith("Anonymous visitor"));

        var withAnonymous = await client.GetPageAsync("/admin/customers/activity?anon=1");
        Assert.Contains(Rows(withAnonymous), r => r.Who.StartsWith("Anonymous visitor"));
        var chipLinks = withAnonymous.QuerySelectorAll(".chip").Select(a => a.GetAttribute("href")!).ToList();
        Assert.All(chipLinks, href => Assert.Contains("anon=1", href));

        var forms = await client.GetPageAsync("/admin/customers/activity?type=forms");
        Assert.All(forms.QuerySelectorAll(".stream-row"), row => Assert.Contains("type-form", row.ClassName));
        Assert.Equal("Forms", forms.QuerySelector(".chip.is-active")!.TextContent);
    }

    [Fact]
    public async Task SelectingAnEventShowsItsCustomerAndHighlightsOnlyThatRow()
    {
        var tag = "s" + Guid.NewGuid().ToString("N")[..8];
        await site.IngestAsync(
            Form($"{tag}-1", Day1, Email($"{tag}@site.test")) with { Traits = new Dictionary<string, string> { ["name"] = $"Omar {tag}" } },
            Chat($"{tag}-2", Day1.AddHours(1), Email($"{tag}@site.test"), Conversation($"c-{tag}")));
        using var client = await site.SignInAsync(SiteFactory.ManagerEmail);
        var page = await client.GetPageAsync("/admin/customers/activity");
        var second = page.QuerySelectorAll(".stream-row").Skip(1).First();
        var id = second.GetAttribute("data-activity-id");

        var selected = await client.GetPageAsync($"/admin/customers/activity?selected={id}");
        Assert.Equal([id], selected.QuerySelectorAll(".stream-row.is-selected").Select(r => r.GetAttribute("data-activity-id")));
        Assert.Equal($"Omar {tag}", selected.QuerySelector("[data-testid=preview-name]")!.TextContent);
        Assert.Contains($"{tag}@site.test", selected.QuerySelector(".inbox-preview .identifiers")!.TextContent);
        Assert.NotNull(selected.QuerySelector(".inbox-preview a[href$='/merge']"));
    }

    [Fact]
    public async Task TheLiveRefreshReturnsOnlyEventsNewerThanTheNewestShown()
    {
        var tag = "l" + Guid.NewGuid().ToString("N")[..8];
        using var client = await site.SignInAsync(SiteFactory.ViewerEmail);
        var page = await client.GetPageAsync("/admin/customers/activity");
        var latest = page.QuerySelector("#activity-stream")!.GetAttribute("data-latest");
        await site.IngestAsync(Form($"{tag}-1", Day1, Email($"{tag}@site.test")) with { Traits = new Dictionary<string, string> { ["name"] = $"Live {tag}" } });

        var response = await client.GetAsync($"/admin/customers/activity?handler=newer&after={latest}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = SiteClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelectorAll(".stream-who").Select(w => w.TextContent.Trim()).ToList();
        Assert.Equal([$"Live {tag}"], rows);
    }

    private static int Count(AngleSharp.Html.Dom.IHtmlDocument page, string tile) =>
        int.Parse(page.QuerySelector($"[data-testid={tile}]")!.TextContent.Replace(",", ""));

    private static IEnumerable<(string Who, string What)> Rows(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll(".stream-row").Select(r => (r.QuerySelector(".stream-who")!.TextContent.Trim(), r.QuerySelector(".stream-what")!.TextContent.Trim()));
}
