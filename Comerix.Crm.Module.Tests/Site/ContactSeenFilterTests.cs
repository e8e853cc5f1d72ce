using System.Net;
using System.Text.Json;
using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>The list's "Last seen" filter: recent people, or those not seen for a while; the export and API follow it.</summary>
public sealed class ContactSeenFilterTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private async Task SeenDaysAgoAsync(string word, string who, int days) =>
        await site.IngestAsync(Form($"{word}-{who}", DateTimeOffset.UtcNow.AddDays(-days), Email($"{who}.{word}@seen.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"{who} {word}" },
        });

    private static async Task<List<string>> NamesAsync(SiteClient client, string query) =>
        (await client.GetPageAsync($"/admin/customers?{query}")).QuerySelectorAll("#contact-results .customer-name")
            .Select(n => n.TextContent.Trim().Split(' ')[0]).Order().ToList();

    [Fact]
    public async Task TheListShowsWhoWasSeenWithinAWindowOrNotForNinetyDays()
    {
        var word = "s" + Guid.NewGuid().ToString("N")[..7];
        await SeenDaysAgoAsync(word, "recent", 2);
        await SeenDaysAgoAsync(word, "month", 40);
        await SeenDaysAgoAsync(word, "lapsed", 200);
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        Assert.Equal(["lapsed", "month", "recent"], await NamesAsync(manager, $"q={word}"));
        Assert.Equal(["recent"], await NamesAsync(manager, $"q={word}&seen=7d"));
        Assert.Equal(["recent"], await NamesAsync(manager, $"q={word}&seen=30d"));
        Assert.Equal(["month", "recent"], await NamesAsync(manager, $"q={word}&seen=90d"));
        Assert.Equal(["lapsed"], await NamesAsync(manager, $"q={word}&seen=before-90d"));
        // A value this version does not know: the list says so and shows everyone; the export refuses.
        Assert.Equal(["lapsed", "month", "recent"], await NamesAsync(manager, $"q={word}&seen=yesterday"));
        Assert.Contains("seen 'yesterday' is unknown",
            (await manager.GetPageAsync($"/admin/customers?q={word}&seen=yesterday")).QuerySelector("[data-testid=filter-problems]")!.TextContent);
        var wide = await manager.GetAsync($"/admin/customers/export?q={word}&seen=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, wide.StatusCode);
        Assert.StartsWith("Nothing was exported: seen 'yesterday' is unknown", await wide.Content.ReadAsStringAsync());

        var page = await manager.GetPageAsync($"/admin/customers?q={word}&seen=before-90d");
        Assert.Equal("Not seen for 90 days", page.QuerySelector("select[name=seen] option[selected]")!.TextContent);
        // The audience tabs and the export keep the window.
        Assert.Contains("seen=before-90d", page.QuerySelector(".segmented a")!.GetAttribute("href"));
        var export = await (await manager.GetAsync(page.QuerySelector("[data-testid=export-csv]")!.GetAttribute("href")!)).Content.ReadAsStringAsync();
        Assert.Equal(2, export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains($"lapsed.{word}@seen.test", export);
    }

    [Fact]
    public async Task TheReadApiFiltersBySeenAndRefusesAnUnknownWindow()
    {
        var word = "s" + Guid.NewGuid().ToString("N")[..7];
        await SeenDaysAgoAsync(word, "recent", 1);
        await SeenDaysAgoAsync(word, "lapsed", 120);
        // A manager: listing over the API is a bulk copy and needs the export permission, which viewers lack.
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var response = await manager.GetAsync($"/api/crm/contacts?q={word}&seen=7d");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, json.RootElement.GetProperty("totalMatches").GetInt32());
        Assert.Equal($"recent.{word}@seen.test", json.RootElement.GetProperty("contacts")[0].GetProperty("email").GetString());

        var refused = await manager.GetAsync($"/api/crm/contacts?q={word}&seen=week");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("seen 'week' is unknown; expected one of 7d, 30d, 90d, before-90d", await refused.Content.ReadAsStringAsync());
    }
}
