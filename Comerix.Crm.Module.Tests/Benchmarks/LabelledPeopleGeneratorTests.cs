using Comerix.Crm.Bench.Dedupe;

namespace Comerix.Crm.Tests.Benchmarks;

/// <summary>
/// The dedupe benchmark's labelled file must measure the finder, not the import: records of one person share no
/// e-mail address (the import would join them by it), the same seed gives the same file, and the look-alikes are there.
/// </summary>
public sealed class LabelledPeopleGeneratorTests
{
    private static readonly IReadOnlyList<LabelledRecord> Records = new LabelledPeopleGenerator(seed: 7).Generate(5_000);

    [Fact]
    public void TheSameSeedGivesTheSameRecords() =>
        Assert.Equal(Records, new LabelledPeopleGenerator(seed: 7).Generate(5_000));

    [Fact]
    public void NoEmailAddressIsWrittenTwice()
    {
        var emails = Records.Where(r => r.Email.Length > 0).Select(r => r.Email.ToLowerInvariant()).ToList();
        Assert.Equal(emails.Count, emails.Distinct().Count());
    }

    [Fact]
    public void PeopleAreWrittenOneToFourTimesAndMostDuplicatesDifferFromTheFirstRecord()
    {
        var clusters = Records.GroupBy(r => r.ClusterId).ToList();
        Assert.All(clusters, c => Assert.InRange(c.Count(), 1, 4));
        var duplicates = clusters.Where(c => c.Count() > 1).SelectMany(c => c.Skip(1).Select(d => (First: c.First(), Duplicate: d))).ToList();
        Assert.True(duplicates.Count > 1_000, $"{duplicates.Count} duplicate records");
        var renamed = duplicates.Count(d => d.Duplicate.FirstName != d.First.FirstName || d.Duplicate.LastName != d.First.LastName);
        Assert.InRange(renamed, duplicates.Count / 4, duplicates.Count);
    }

    [Fact]
    public void TwinsColleaguesAndNamesakesAreAmongThePeople()
    {
        var firsts = Records.GroupBy(r => r.ClusterId).Select(c => c.First()).ToList();
        var twins = firsts.Where(r => r.BirthDate.Length > 0 && r.Street.Length > 0)
            .GroupBy(r => (r.LastName, r.Street, r.Postcode)).Count(g => g.Select(r => r.FirstName).Distinct().Count() > 1);
        var namesakes = firsts.GroupBy(r => (r.FirstName, r.LastName)).Count(g => g.Count() > 1);
        var colleagues = firsts.Where(r => r.Email.Length > 0)
            .GroupBy(r => r.Email[(r.Email.IndexOf('@', StringComparison.Ordinal) + 1)..]).Count(g => g.Key.EndsWith(".de", StringComparison.Ordinal) && g.Count() > 1
                && !new[] { "web.de", "gmx.de", "t-online.de", "posteo.de", "mail.de" }.Contains(g.Key));
        Assert.True(twins > 5, $"{twins} twins");
        Assert.True(namesakes > 100, $"{namesakes} names held by several people");
        Assert.True(colleagues > 20, $"{colleagues} companies with several people");
    }
}
