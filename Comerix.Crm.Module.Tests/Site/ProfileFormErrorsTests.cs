using System.Net;
using AngleSharp.Html.Dom;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// A profile form that needs fixing (a repeated tag, an empty note, a missing reason) shows the profile again, the
/// problem beside the form that caused it and what was typed kept: never a bare sub-page, and nothing saved.
/// </summary>
public sealed class ProfileFormErrorsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static string Word() => "p" + Guid.NewGuid().ToString("N")[..7];

    private async Task<long> PersonAsync(string word) =>
        (await site.IngestAsync(Form($"{word}-1", Day1, Email($"pat.{word}@profile.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"Pat {word}" },
        }))[0].ContactId!.Value;

    /// <summary>The whole profile: header, Known identifiers and the timeline with the person's form.</summary>
    private static void AssertIsTheProfile(IHtmlDocument page, string word)
    {
        Assert.Equal($"Pat {word}", page.QuerySelector(".contact-header h1")!.TextContent.Trim());
        Assert.Contains(page.QuerySelectorAll(".card-header h2"), h => h.TextContent == "Known identifiers");
        Assert.Contains($"pat.{word}@profile.test", page.QuerySelector(".identifiers")!.TextContent);
        Assert.NotNull(page.QuerySelector("#activity .timeline-row.type-form"));
        Assert.NotNull(page.QuerySelector(".alert-error[role=alert]"));
    }

    [Fact]
    public async Task ARepeatedTagShowsTheProfileWithTheProblemBesideTheTagBoxAndTheTextKept()
    {
        var word = Word();
        var id = await PersonAsync(word);
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await manager.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/tags", new() { ["Input.Label"] = $"Lead {word}" });

        var response = await manager.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/tags", new() { ["Input.Label"] = $"LEAD {word}" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await manager.ReadAsync(response);
        AssertIsTheProfile(page, word);
        var form = page.QuerySelector("#tags form.tag-add-inline")!;
        Assert.Contains($"already tagged \u201CLead {word}\u201D", form.QuerySelector(".field-error")!.TextContent);
        Assert.Equal($"LEAD {word}", form.QuerySelector("input[name='Input.Label']")!.GetAttribute("value"));
        Assert.Equal("true", form.QuerySelector("input[name='Input.Label']")!.GetAttribute("aria-invalid"));
        Assert.Equal([$"Lead {word}"], page.QuerySelectorAll("#tags .tag-chip a").Select(a => a.TextContent.Trim()));
        // Only the form that failed says so.
        Assert.Single(page.QuerySelectorAll(".field-error"));
    }

    [Fact]
    public async Task AnEmptyNoteShowsTheProfileWithTheProblemBesideTheNoteBoxAndNothingAdded()
    {
        var word = Word();
        var id = await PersonAsync(word);
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var before = await site.StoredEventCountAsync();

        var page = await manager.ReadAsync(await manager.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/notes",
            new() { ["Input.Text"] = "  \n " }));
        AssertIsTheProfile(page, word);
        Assert.Equal("Write the note first.", page.QuerySelector("form.note-form .field-error")!.TextContent.Trim());
        Assert.Single(page.QuerySelectorAll(".field-error"));

        var text = word + new string('x', 4001);
        var overlong = await manager.ReadAsync(await manager.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/notes",
            new() { ["Input.Text"] = text }));
        AssertIsTheProfile(overlong, word);
        Assert.Contains("at most 4,000 characters", overlong.QuerySelector("form.note-form .field-error")!.TextContent);
        Assert.Equal(text, overlong.QuerySelector("form.note-form textarea[name='Input.Text']")!.TextContent.Trim());
        Assert.Equal(before, await site.StoredEventCountAsync());
    }

    [Fact]
    public async Task AMissingReasonShowsTheProfileWithTheProblemBesideTheContactPreferenceAndTheWordsKept()
    {
        var word = Word();
        var id = await PersonAsync(word);
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var noReason = await manager.ReadAsync(await manager.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/do-not-contact",
            new() { ["reason"] = "" }));
        AssertIsTheProfile(noReason, word);
        Assert.Contains("Choose why", noReason.QuerySelector("#reach form .field-error")!.TextContent);
        Assert.Null(noReason.QuerySelector(".contact-badges .pill-dnc"));

        await manager.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/do-not-contact", new() { ["reason"] = "asked" });
        var typed = $"Only a few words {word}" + new string('w', 1_001);
        var noWhy = await manager.ReadAsync(await manager.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/do-not-contact?handler=allow",
            new() { ["why"] = typed }));
        AssertIsTheProfile(noWhy, word);
        Assert.NotNull(noWhy.QuerySelector("#reach form .field-error"));
        Assert.Equal(typed, noWhy.QuerySelector("#reach textarea[name=why]")!.TextContent);
        Assert.NotNull(noWhy.QuerySelector(".contact-badges .pill-dnc"));
    }

    [Fact]
    public async Task OpeningAFormsAddressShowsTheProfile()
    {
        var word = Word();
        var id = await PersonAsync(word);
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        foreach (var path in new[] { "tags", "notes", "do-not-contact" })
        {
            var page = await manager.GetPageAsync($"/admin/customers/{id}/{path}");
            Assert.Equal($"Pat {word}", page.QuerySelector(".contact-header h1")!.TextContent.Trim());
            Assert.Null(page.QuerySelector(".field-error"));
        }
    }
}
