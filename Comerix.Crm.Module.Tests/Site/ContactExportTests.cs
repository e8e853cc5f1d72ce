using System.Globalization;
using System.Net;
using Comerix.Crm.Contacts.Directory;
using CsvHelper;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>The Contacts list as a CSV download: what the filters match, every page, safe to open in a spreadsheet.</summary>
public sealed class ContactExportTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task TheExportHoldsEveryContactTheFiltersMatchInTheListsOrderAndIsAudited()
    {
        var tag = "x" + Guid.NewGuid().ToString("N")[..8];
        await site.IngestAsync(Enumerable.Range(0, 30)
            .Select(i => Form($"{tag}-{i}", Day1.AddMinutes(i), Email($"p{i}.{tag}@site.test")) with
            {
                Traits = new Dictionary<string, string> { ["name"] = $"Person {i:00} {tag}", ["company"] = $"Firm {i}, \"Ltd\"" },
            })
            .ToArray());
        await site.IngestAsync(Form($"{tag}-evil", Day1.AddHours(2), Email($"evil.{tag}@site.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"=HYPERLINK(\"http://evil.test\",\"{tag}\")" },
        });
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var list = await manager.GetPageAsync($"/admin/customers?q={tag}");
        var link = list.QuerySelector("[data-testid=export-csv]")!;
        Assert.Equal("Export all 31 as CSV", link.TextContent.Trim());
        var response = await manager.GetAsync(link.GetAttribute("href")!);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("contacts-identified-", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.True(response.Headers.CacheControl!.NoStore);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);

        var rows = ReadCsv(bytes);
        Assert.Equal(ContactCsvExport.Columns, rows[0]);
        var body = rows.Skip(1).ToList();
        Assert.Equal(31, body.Count);
        // Newest activity first, like the list, across what would be two pages there.
        Assert.Equal($"'=HYPERLINK(\"http://evil.test\",\"{tag}\")", body[0][1]);
        Assert.Equal(
            Enumerable.Range(0, 30).Reverse().Select(i => $"Person {i:00} {tag}"),
            body.Skip(1).Select(r => r[1]));
        var last = body[^1];
        Assert.Equal(($"p0.{tag}@site.test", "Firm 0, \"Ltd\"", "Form", "true", "2026-10-01T10:00:00Z"),
            (last[2], last[4], last[5], last[6], last[8]));

        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        var audit = await admin.GetPageAsync("/admin/customers/audit");
        var entry = audit.QuerySelector(".audit-table tbody tr")!.TextContent;
        Assert.Contains("contacts.exported", entry);
        Assert.Contains(SiteFactory.ManagerEmail, entry);
        Assert.Contains("\"contacts\":31", entry.Replace(" ", ""));
        Assert.DoesNotContain(tag, entry); // the search term may be a person's email: never in the log
    }

    [Fact]
    public async Task TheExportFollowsTheAudienceAndSourceAndNeedsASignIn()
    {
        var tag = "y" + Guid.NewGuid().ToString("N")[..8];
        await site.IngestAsync(
            Form($"{tag}-1", Day1, Email($"form.{tag}@site.test")),
            Chat($"{tag}-2", Day1, Conversation($"c-{tag}"), Email($"chat.{tag}@site.test")));
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var chats = ReadCsv(await (await manager.GetAsync($"/admin/customers/export?source=Chat&q={tag}")).Content.ReadAsByteArrayAsync());
        Assert.Equal([$"chat.{tag}@site.test"], chats.Skip(1).Select(r => r[2]));
        var anonymous = ReadCsv(await (await manager.GetAsync($"/admin/customers/export?audience=anonymous&q={tag}")).Content.ReadAsByteArrayAsync());
        Assert.Single(anonymous); // the header alone

        using var stranger = await site.SignInAsync(null);
        var refused = await stranger.GetAsync($"/admin/customers/export?q={tag}");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/login", refused.Headers.Location!.ToString());
    }

    private static List<string[]> ReadCsv(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvParser(reader, CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(csv.Record!);
        }
        return rows;
    }
}
