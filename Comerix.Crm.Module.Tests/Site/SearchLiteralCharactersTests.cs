using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// What an admin types is searched for as written: a <c>%</c>, <c>_</c> or <c>\</c> in the search box finds names that
/// hold it, never names it would match as a LIKE wildcard or escape. On SQLite (its trigram index) and on PostgreSQL
/// (LIKE over its trigram index, with the three escaped).
/// </summary>
public sealed class SearchLiteralCharactersTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public Task PercentUnderscoreAndBackslashAreFoundAsTyped() => FindsAsTypedAsync(site);

    [PostgresFact]
    public async Task PercentUnderscoreAndBackslashAreFoundAsTypedOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var onPostgres = SiteFactory.OnPostgres(database);
        await FindsAsTypedAsync(onPostgres);
    }

    private static async Task FindsAsTypedAsync(SiteFactory site)
    {
        var tag = "l" + Guid.NewGuid().ToString("N")[..8];
        // Each second name is what the first's search would find if % and _ were wildcards, or \ an escape.
        string[] names = [$"Deal 50%_off {tag}", $"Deal 50 xoff {tag}", $"Path a\\b {tag}", $"Path ab {tag}", $"Rate 1_2 {tag}", $"Rate 1x2 {tag}"];
        await site.IngestAsync(names.Select((name, i) =>
            Form($"{tag}-{i}", Day1.AddHours(i), Email($"p{i}.{tag}@site.test")) with { Traits = new Dictionary<string, string> { ["name"] = name } }).ToArray());
        using var client = await site.SignInAsync(SiteFactory.ViewerEmail);

        foreach (var (q, found) in new[]
        {
            ($"50%_off {tag}", names[0]), ($"a\\b {tag}", names[2]), ($"1_2 {tag}", names[4]),
            // Shorter than a trigram: read without the index, and still literal.
            ("%_", names[0]), ("\\", names[2]),
        })
        {
            var page = await client.GetPageAsync($"/admin/customers?q={Uri.EscapeDataString(q)}");
            var shown = page.QuerySelectorAll(".customer-name").Select(n => n.TextContent).Where(n => n.EndsWith(tag, StringComparison.Ordinal)).ToList();
            Assert.True(shown.SequenceEqual([found]), $"'{q}' found [{string.Join(", ", shown)}]");
        }
    }
}
