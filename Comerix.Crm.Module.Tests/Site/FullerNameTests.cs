using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// A newer event's fuller name ("Barbara Liskov" after "Barbara") becomes the profile's name; any other name stays in
/// the traits, and the profile says why its name differs from the events'.
/// </summary>
public sealed class FullerNameTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static Dictionary<string, string> Named(string name) => new() { ["name"] = name };

    [Fact]
    public async Task ANewerFullerNameReplacesItsShortStartAndOtherNamesAreExplained()
    {
        var word = "n" + Guid.NewGuid().ToString("N")[..7];
        // Verified (a signed-in user's form): an unverified email could only fill the identified contact's gaps.
        var email = Email($"barbara.{word}@names.test", verified: true);
        var id = (await site.IngestAsync(Form($"{word}-1", Day1, email) with { Traits = Named("Barbara") }))[0].ContactId!.Value;
        await site.IngestAsync(Form($"{word}-2", Day1.AddDays(1), email) with { Traits = Named($"barbara Liskov{word}") });
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);

        var profile = await viewer.GetPageAsync($"/admin/customers/{id}");
        Assert.Equal($"barbara Liskov{word}", profile.QuerySelector(".contact-header h1")!.TextContent.Trim());
        Assert.Null(profile.QuerySelector("[data-testid=name-kept]"));
        // The list finds her by the new word.
        var found = await viewer.GetPageAsync($"/admin/customers?q=liskov{word}");
        Assert.Equal([$"barbara Liskov{word}"], found.QuerySelectorAll("#contact-results .customer-name").Select(n => n.TextContent.Trim()));

        // An older event saying less does not undo it; a newer, different name is kept in the traits and explained.
        await site.IngestAsync(Form($"{word}-0", Day1.AddDays(-1), email) with { Traits = Named("Barbara") });
        await site.IngestAsync(Form($"{word}-3", Day1.AddDays(2), email) with { Traits = Named("Babs") });
        var after = await viewer.GetPageAsync($"/admin/customers/{id}");
        Assert.Equal($"barbara Liskov{word}", after.QuerySelector(".contact-header h1")!.TextContent.Trim());
        var note = after.QuerySelector("[data-testid=name-kept]")!.TextContent;
        Assert.Contains("The events last called this person \u201CBabs\u201D", note);
        Assert.Contains($"The profile keeps \u201Cbarbara Liskov{word}\u201D", note);
    }

    [Theory]
    [InlineData("Barbara Liskov", "Barbara", true)]
    [InlineData("BARBARA Liskov", "barbara ", true)]
    [InlineData("Barbarella", "Barbara", false)]
    [InlineData("Barbara", "Barbara", false)]
    [InlineData("Barb", "Barbara", false)]
    [InlineData("Ada Lovelace", "Barbara", false)]
    public void OnlyMoreWordsAfterTheSameStartComplete(string fuller, string current, bool completes) =>
        Assert.Equal(completes, Comerix.Crm.Resolution.ContactProfile.Completes(fuller, current));
}
