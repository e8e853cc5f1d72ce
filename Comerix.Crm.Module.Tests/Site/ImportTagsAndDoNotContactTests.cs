using System.Net;
using System.Text;
using Comerix.Crm.Tests.Infrastructure;

namespace Comerix.Crm.Tests.Site;

/// <summary>An import that carries tags and an unsubscribe column: the people come in tagged and marked.</summary>
public sealed class ImportTagsAndDoNotContactTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task AnUnsubscribeListComesInTaggedAndMarkedAndBadCellsAreReportedByRow()
    {
        var word = "m" + Guid.NewGuid().ToString("N")[..7];
        var file = $"""
            Name,Email,Tags,Unsubscribed,Opt out
            Ivy {word},ivy.{word}@imp.test,VIP {word}; Fair {word},yes,no
            Jon {word},jon.{word}@imp.test,"fair {word}",no,
            Kim {word},kim.{word}@imp.test,,complaint,yes
            Bad {word},bad.{word}@imp.test,<b>,,
            Odd {word},odd.{word}@imp.test,,perhaps,
            Many {word},many.{word}@imp.test,{string.Join(';', Enumerable.Range(0, 21).Select(i => $"t{i}"))},,
            """;
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var upload = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "list.csv", Encoding.UTF8.GetBytes(file));
        var jobUrl = upload.Headers.Location!.OriginalString;

        // The headers are recognised.
        var mapping = await manager.GetPageAsync(jobUrl);
        Assert.Equal(["name", "email", "tags", "do_not_contact", "do_not_contact"],
            mapping.QuerySelectorAll("[data-testid=mapping] select").Select(s => s.QuerySelector("option[selected]")!.GetAttribute("value")));
        var start = await manager.PostFormAsync(jobUrl, $"{jobUrl}?handler=start",
            new() { ["map[0]"] = "name", ["map[1]"] = "email", ["map[2]"] = "tags", ["map[3]"] = "do_not_contact", ["map[4]"] = "do_not_contact" });
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var done = await ContactImportTests.WaitUntilDoneAsync(manager, jobUrl);

        var errors = done.QuerySelectorAll("[data-testid=import-errors] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains("“Tags” holds a tag that cannot be one", errors[0]);
        Assert.Contains("“Unsubscribed” is not yes, no or one of", errors[1]);
        Assert.Contains("“Tags” holds 21 tags; a contact holds at most 20", errors[2]);

        // A tag typed in two spellings is one tag, spelt as it first came.
        var fair = await manager.GetPageAsync($"/admin/customers?tag={Uri.EscapeDataString($"fair {word}")}");
        Assert.Equal([$"Ivy {word}", $"Jon {word}"], fair.QuerySelectorAll("#contact-results .customer-name").Select(n => n.TextContent.Trim()).Order());
        // Two do-not-contact columns: a "no" in one never undoes a "yes" in the other; the first reason given stands.
        var marked = await manager.GetPageAsync($"/admin/customers?q={word}&contactable=no");
        Assert.Equal([$"Ivy {word}", $"Kim {word}"], marked.QuerySelectorAll("#contact-results .customer-name").Select(n => n.TextContent.Trim()).Order());
        var csv = await (await manager.GetAsync($"/admin/customers/export?q={word}")).Content.ReadAsStringAsync();
        Assert.EndsWith(",complaint,,", csv.Split("\r\n").Single(l => l.Contains($"kim.{word}")));
        Assert.EndsWith(",unsubscribed,,", csv.Split("\r\n").Single(l => l.Contains($"ivy.{word}")));

        // The slice's tags are one audit entry, however many different tags it held.
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        var importId = jobUrl.Split('/')[^1];
        var entries = (await admin.GetPageAsync("/admin/customers/audit")).QuerySelectorAll("table tbody tr")
            .Where(r => r.TextContent.Contains(importId)).Select(r => r.TextContent).ToList();
        Assert.Single(entries, e => e.Contains("Tag added to many contacts"));
        Assert.Single(entries, e => e.Contains("Marked do not contact"));
        Assert.DoesNotContain(entries, e => e.Contains(word));
    }
}
