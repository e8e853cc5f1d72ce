using System.Globalization;
using System.Net;
using System.Text;
using Comerix.Crm.Tests.Api;
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

    [Fact]
    public async Task TheTagsColumnImportsBackAsTheSameTagsAndNeverUsesTheSemicolon()
    {
        var word = "r" + Guid.NewGuid().ToString("N")[..7];
        // What a tag may hold, even at its start; never ',' or ';', which is where the import splits a tags cell.
        string[] labels = [$"+VIP {word}", $"-churn {word}", $"R&D/EU {word}", $"C#.net_{word}"];
        Assert.Null(ContactTagger.Tidy("a,b", out _));
        Assert.Null(ContactTagger.Tidy("a;b", out _));
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await ImportAsync(manager, $"Name,Email,Tags\nAnn {word},ann.{word}@rt.test,\"{string.Join(";", labels)}\"\n", ["name", "email", "tags"]);

        var exported = await (await manager.GetAsync($"/admin/customers/export?q=ann.{word}")).Content.ReadAsStringAsync();
        var rows = ReadCsv(Encoding.UTF8.GetBytes(exported));
        var tags = rows[0].ToList().IndexOf("tags");
        // In key order, ", " between them; the cell's leading '+' carries the export's apostrophe, which the import takes off.
        Assert.Equal($"'+VIP {word}, -churn {word}, C#.net_{word}, R&D/EU {word}", rows[1][tags]);
        Assert.DoesNotContain(";", rows[1][tags], StringComparison.Ordinal);

        // The file imported again as someone else: the same tags, spelt the same.
        var map = ContactCsvExport.Columns.Select(c => c switch { "name" or "email" or "tags" => c, _ => "" }).ToList();
        await ImportAsync(manager, exported.Replace($"ann.{word}@rt.test", $"bea.{word}@rt.test").Replace($"Ann {word}", $"Bea {word}"), map);
        var again = ReadCsv(await (await manager.GetAsync($"/admin/customers/export?q=bea.{word}")).Content.ReadAsByteArrayAsync());
        Assert.Equal($"Bea {word}", again[1][1]);
        Assert.Equal(rows[1][tags], again[1][tags]);
        var bea = (await ApiJson.ReadAsync(await manager.GetAsync($"/api/crm/contacts?q=bea.{word}"))).GetProperty("contacts")[0];
        Assert.Equal(labels.Order(StringComparer.Ordinal), bea.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AFilterGivenTwiceIsRefusedByNameByTheExportAndTheApiAndLeftOutByTheList()
    {
        var word = "d" + Guid.NewGuid().ToString("N")[..7];
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await ImportAsync(manager, $"Name,Email,Tags\nAnn {word},ann.{word}@rt.test,a{word}\nBob {word},bob.{word}@rt.test,b{word}\n", ["name", "email", "tags"]);

        foreach (var (query, named) in new[]
                 {
                     ($"q={word}&tag=a{word}&tag=b{word}", $"tag is given 2 times ('a{word}', 'b{word}'); give one tag"),
                     ($"q=ann.{word}&q=bob.{word}", $"q is given 2 times ('ann.{word}', 'bob.{word}'); give one search"),
                 })
        {
            // Not the first value, nor both joined: nothing, and why.
            var export = await manager.GetAsync($"/admin/customers/export?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, export.StatusCode);
            Assert.Equal($"Nothing was exported: {named}.", await export.Content.ReadAsStringAsync());

            var api = await manager.GetAsync($"/api/crm/contacts?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
            Assert.Equal(named, (await ApiJson.ReadAsync(api)).GetProperty("detail").GetString());

            var list = await manager.GetPageAsync($"/admin/customers?{query}");
            Assert.Contains(named, list.QuerySelector("[data-testid=filter-problems]")!.TextContent, StringComparison.Ordinal);
        }
        // The list says it is shown without the repeated filter, and is: both people, not only the first tag's.
        var both = await manager.GetPageAsync($"/admin/customers?q={word}&tag=a{word}&tag=b{word}");
        Assert.Equal([$"Ann {word}", $"Bob {word}"], both.QuerySelectorAll("#contact-results .customer-name").Select(n => n.TextContent.Trim()).Order());
        // One of each still filters.
        var one = ReadCsv(await (await manager.GetAsync($"/admin/customers/export?q={word}&tag=b{word}")).Content.ReadAsByteArrayAsync());
        Assert.Equal([$"bob.{word}@rt.test"], one.Skip(1).Select(r => r[2]));
    }

    /// <summary>Uploads <paramref name="file"/>, maps its columns to <paramref name="fields"/> and waits until it is imported.</summary>
    private static async Task ImportAsync(SiteClient manager, string file, IReadOnlyList<string> fields)
    {
        var upload = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "contacts.csv", Encoding.UTF8.GetBytes(file));
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var jobUrl = upload.Headers.Location!.OriginalString;
        var start = await manager.PostFormAsync(jobUrl, $"{jobUrl}?handler=start", fields.Select((f, i) => (f, i)).ToDictionary(m => $"map[{m.i}]", m => m.f));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var done = await ContactImportTests.WaitUntilDoneAsync(manager, jobUrl);
        Assert.Empty(done.QuerySelectorAll("[data-testid=import-errors] tbody tr"));
    }

    internal static List<string[]> ReadCsv(byte[] bytes)
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
