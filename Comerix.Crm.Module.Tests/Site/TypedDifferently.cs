using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>One person written down twice, the second time with a typo and another address: a possible duplicate.</summary>
internal static class TypedDifferently
{
    /// <summary>A form with a name and a company; returns the contact it landed on.</summary>
    public static async Task<long> RecordAsync(SiteFactory site, string eventId, string email, string name, string company) =>
        (await site.IngestAsync(Form(eventId, Day1, Email(email)) with
        {
            Traits = new Dictionary<string, string> { ["name"] = name, ["company"] = company },
        }))[0].ContactId!.Value;

    /// <summary>Katharina Bergmann at Nordlicht Software, then "Katharina Bergman" at "nordlicht software" from a private address.</summary>
    public static async Task<(long First, long Second)> KatharinaAsync(SiteFactory site, string word) =>
        (await RecordAsync(site, $"{word}-1", $"k.bergmann.{word}@nordlicht.test", "Katharina Bergmann", "Nordlicht Software GmbH & Co. KG"),
            await RecordAsync(site, $"{word}-2", $"kathi.{word}@mail.test", "Katharina Bergman", "nordlicht software"));
}
