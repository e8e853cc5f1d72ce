using System.Text;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// A phone number libphonenumber does not call valid (too short for its region, or in a range no one is assigned):
/// the preview and the finished import name the row, say the number is not valid for its region and why, and that the
/// row went in without it (or, with nothing else to know the person by, did not go in), as for any bad identifier.
/// </summary>
public sealed class ImportPhoneProblemsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task APhoneNotValidForItsRegionIsNamedWithItsRowAndTheRowGoesInWithoutIt()
    {
        var tag = "p" + Guid.NewGuid().ToString("N")[..8];
        var file = $"""
            Name,Email,Mobile
            Ann {tag},ann.{tag}@phones.test,+1 555 0100
            Bea {tag},bea.{tag}@phones.test,+1 555 555 0100
            Cal {tag},,+44 7700 900123
            Dan {tag},dan.{tag}@phones.test,555 01
            Eve {tag},eve.{tag}@phones.test,+1 415 555 2671
            """;
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var upload = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "phones.csv", Encoding.UTF8.GetBytes(file));
        var jobUrl = upload.Headers.Location!.OriginalString;

        var mapping = await manager.GetPageAsync(jobUrl);
        var preview = mapping.QuerySelectorAll("[data-testid=preview] tbody tr")
            .Select(tr => (Row: tr.QuerySelector("td")!.TextContent, Problem: tr.QuerySelector("td:last-child")!.TextContent)).ToList();
        (string, string)[] expected =
        [
            ("2", "imported without “Mobile”, which is not a valid number for its region (US): too short"),
            ("3", "imported without “Mobile”, which is not a valid number for its region (US): no such number is assigned in its numbering plan"),
            ("4", "“Mobile” is not a valid number for its region (GB): no such number is assigned in its numbering plan; nothing else to know the person by"),
            ("5", "imported without “Mobile”, which is not a valid number for its region (US, read without a country code): too short"),
            ("6", "—"),
        ];
        Assert.Equal(expected, preview);
        Assert.Equal("Import 4 rows", mapping.QuerySelector("[data-testid=start-import]")!.TextContent);

        await manager.PostFormAsync(jobUrl, $"{jobUrl}?handler=start", new() { ["map[0]"] = "name", ["map[1]"] = "email", ["map[2]"] = "phone" });
        var done = await ContactImportTests.WaitUntilDoneAsync(manager, jobUrl);

        // Created, updated, merged, queued, failed.
        Assert.Equal(["4", "0", "0", "0", "1"], done.QuerySelectorAll("[data-testid=import-results] .tile-value").Select(t => t.TextContent));
        Assert.StartsWith("3 rows imported without a value they held", done.QuerySelector("[data-testid=imported-without]")!.TextContent);
        var errors = done.QuerySelectorAll("[data-testid=import-errors] tbody tr")
            .Select(tr => (Row: tr.QuerySelector("td")!.TextContent, Problem: tr.QuerySelector("td:last-child")!.TextContent)).ToList();
        Assert.Equal(expected[..4], errors);

        await using var scope = await site.TenantScopeAsync("Default");
        var contacts = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Contacts.AsNoTracking()
            .Where(c => c.DisplayName!.EndsWith(tag)).OrderBy(c => c.DisplayName).Select(c => new { c.DisplayName, c.Phone }).ToListAsync();
        Assert.Equal([($"Ann {tag}", null), ($"Bea {tag}", null), ($"Dan {tag}", null), ($"Eve {tag}", "+14155552671")],
            contacts.Select(c => (c.DisplayName, c.Phone)));
    }
}
