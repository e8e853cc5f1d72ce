using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// The Contacts list's search finds people by what support staff hold: the start of a conversation id, a visitor id
/// or an external reference (with its namespace or by its value alone), and part of a company name. On SQLite (the
/// trigram index and the reference index) and on PostgreSQL (LIKE and the same reference index).
/// </summary>
public sealed class SupportSearchTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public Task SearchFindsConversationVisitorReferenceAndCompany() => FindsWhatSupportHoldsAsync(site);

    [PostgresFact]
    public async Task SearchFindsConversationVisitorReferenceAndCompanyOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var onPostgres = SiteFactory.OnPostgres(database);
        await FindsWhatSupportHoldsAsync(onPostgres);
    }

    private static async Task FindsWhatSupportHoldsAsync(SiteFactory site)
    {
        var tag = "t" + Guid.NewGuid().ToString("N")[..8];
        var number = Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await site.IngestAsync(
            Form($"{tag}-1", Day1, Email($"ines.{tag}@site.test"), Visitor($"Vis-{tag}-browser"), External($"Shopify:{number}")) with
            {
                Traits = new Dictionary<string, string> { ["name"] = $"Ines {tag}", ["company"] = $"Heliotrope Analytics {tag} GmbH" },
            },
            Chat($"{tag}-2", Day1.AddHours(1), Email($"ines.{tag}@site.test"), Conversation($"Conv-{tag}-0042")),
            // Someone else, anonymous: only a visitor id.
            Telemetry($"{tag}-3", Day1.AddHours(2), Visitor($"anon-{tag}-7")));
        using var client = await site.SignInAsync(SiteFactory.ViewerEmail);

        foreach (var q in new[]
        {
            $"Conv-{tag}-00", $"Vis-{tag}", $"shopify:{number}", $"SHOPIFY:{number[..5]}", number[..4], number,
            $"analytics {tag}", $"HELIOTROPE ANALYTICS {tag}",
        })
        {
            var names = Names(await client.GetPageAsync($"/admin/customers?q={Uri.EscapeDataString(q)}"));
            Assert.True(names.SequenceEqual([$"Ines {tag}"]), $"'{q}' found [{string.Join(", ", names)}]");
        }
        // The anonymous visitor is not among the identified (the default list), which says where they are.
        var identified = await client.GetPageAsync($"/admin/customers?q=anon-{tag}");
        Assert.Empty(Names(identified));
        Assert.Equal("Nothing among identified contacts. 1 contact in All matches this search.",
            System.Text.RegularExpressions.Regex.Replace(identified.QuerySelector("[data-testid=other-audience]")!.TextContent, @"\s+", " ").Trim());
        var all = await client.GetPageAsync($"/admin/customers?audience=all&q=anon-{tag}");
        Assert.Single(Names(all));
        Assert.StartsWith("Anonymous visitor", Names(all)[0]);
    }

    [Fact]
    public async Task TheSearchBoxSaysWhatItFinds()
    {
        var tag = "s" + Guid.NewGuid().ToString("N")[..8];
        var id = (await site.IngestAsync(Form($"{tag}-1", Day1, Email($"box.{tag}@site.test"))))[0].ContactId;
        using var client = await site.SignInAsync(SiteFactory.ManagerEmail);
        var contacts = await client.GetPageAsync("/admin/customers?audience=all");
        var box = contacts.QuerySelector("input[name=q]")!;
        Assert.Equal("Search name, email, phone, company or any id", box.GetAttribute("placeholder"));
        foreach (var found in new[] { "company", "customer id", "external reference", "conversation id", "visitor id" })
        {
            Assert.Contains(found, box.GetAttribute("title"));
        }
        // The merge page searches the same way, and says so the same way.
        var merge = (await client.GetPageAsync($"/admin/customers/{id}/merge")).QuerySelector("input[name=q]")!;
        Assert.Equal(box.GetAttribute("placeholder"), merge.GetAttribute("placeholder"));
    }

    private static List<string> Names(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll(".customer-name").Select(n => n.TextContent).ToList();
}
