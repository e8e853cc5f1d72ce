using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>The Contacts list shows each row's tags as chips, each leading to the list filtered by that tag.</summary>
public sealed class ContactListRowTagsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task EachRowShowsItsTagsAsChipsThatFilterTheList()
    {
        var word = "r" + Guid.NewGuid().ToString("N")[..7];
        var ids = new List<long>();
        foreach (var who in new[] { "ann", "bea" })
        {
            ids.Add((await site.IngestAsync(Form($"{word}-{who}", Day1, Email($"{who}.{word}@rows.test")) with
            {
                Traits = new Dictionary<string, string> { ["name"] = $"{who} {word}" },
            }))[0].ContactId!.Value);
        }
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        foreach (var label in new[] { $"VIP {word}", $"Berlin {word}", $"Fair {word}", $"Zeta {word}" })
        {
            await manager.PostFormAsync($"/admin/customers/{ids[0]}", $"/admin/customers/{ids[0]}/tags", new() { ["Input.Label"] = label });
        }

        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var list = await viewer.GetPageAsync($"/admin/customers?q={word}");
        var rows = list.QuerySelectorAll("#contact-results tbody tr");
        var ann = rows.Single(r => r.QuerySelector(".customer-name")!.TextContent.Trim() == $"ann {word}");
        // Three chips in key order, and the rest counted with a link to the profile's tags.
        Assert.Equal([$"Berlin {word}", $"Fair {word}", $"VIP {word}"], ann.QuerySelectorAll(".row-tags .tag-chip a").Select(a => a.TextContent.Trim()));
        Assert.Equal("+1 more", ann.QuerySelector(".row-tags .tag-more a")!.TextContent.Trim());
        Assert.Equal($"/admin/customers/{ids[0]}#tags", ann.QuerySelector(".row-tags .tag-more a")!.GetAttribute("href"));
        var bea = rows.Single(r => r.QuerySelector(".customer-name")!.TextContent.Trim() == $"bea {word}");
        Assert.Null(bea.QuerySelector(".row-tags"));

        var filtered = await viewer.GetPageAsync(ann.QuerySelectorAll(".row-tags .tag-chip a")[2].GetAttribute("href")!);
        Assert.Equal([$"ann {word}"], filtered.QuerySelectorAll("#contact-results tbody tr .customer-name").Select(n => n.TextContent.Trim()));

        // Search as you type renders the same rows.
        var request = new HttpRequestMessage(HttpMethod.Get, viewer.Url($"/admin/customers?q={word}"));
        request.Headers.Add("X-Requested-With", "fetch");
        var partial = SiteClient.Parse(await (await viewer.Http.SendAsync(request)).Content.ReadAsStringAsync());
        Assert.Equal(3, partial.QuerySelectorAll("tbody tr .row-tags .tag-chip").Length);
    }
}
