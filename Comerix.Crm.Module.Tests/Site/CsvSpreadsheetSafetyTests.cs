using System.Net;
using System.Text;
using System.Text.Json;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// The CSV files the site hands out (the contacts export, an import's error report) opened as a spreadsheet does it in
/// a country whose list separator is ';' or tab: no cell may start a formula, whatever a visitor or an uploaded file
/// put in the text.
/// </summary>
public sealed class CsvSpreadsheetSafetyTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string Payload = "=cmd|' /C calc'!A0";

    [Fact]
    public async Task AnExportOpenedWithSemicolonOrTabAsTheListSeparatorStartsNoFormula()
    {
        var tag = "s" + Guid.NewGuid().ToString("N")[..8];
        await site.IngestAsync(
            Form($"{tag}-1", Day1, Email($"ann.{tag}@site.test")) with
            {
                Traits = new Dictionary<string, string> { ["name"] = $"Ann {tag};{Payload}", ["company"] = $"Tab\t+Co {tag}" },
            },
            Form($"{tag}-2", Day1, Email($"bob.{tag}@site.test")) with
            {
                Traits = new Dictionary<string, string> { ["name"] = $"-Bob {tag}", ["company"] = $"Dupont; Fils {tag}" },
            });
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var csv = Encoding.UTF8.GetString((await (await manager.GetAsync($"/admin/customers/export?q={tag}")).Content.ReadAsByteArrayAsync())[3..]);

        foreach (var separator in new[] { ';', '\t', ',' })
        {
            Assert.All(SpreadsheetCells(csv, separator), cell => Assert.False(StartsFormula(cell), $"'{cell}' (separator {separator})"));
        }
        // Read as written (comma-separated, RFC 4180), each value is one cell, as typed but for the apostrophes.
        var rows = SpreadsheetCells(csv, ',', rfc4180: true);
        Assert.Contains($"Ann {tag};'{Payload}", rows);
        Assert.Contains($"Dupont; Fils {tag}", rows);
        Assert.Contains($"'-Bob {tag}", rows);
        Assert.Contains($"Tab\t'+Co {tag}", rows);
    }

    [Fact]
    public async Task TheTraitsCellIsJsonThatReadsBackAsTheTraitsAsWrittenAndStartsNoFormula()
    {
        var tag = "j" + Guid.NewGuid().ToString("N")[..8];
        var traits = new Dictionary<string, string>
        {
            ["name"] = $"Jürgen {tag};{Payload}",
            ["company"] = $"Tab\t+Co; @Müller {tag}",
            ["note"] = "line\n-one;-two \"quoted\" back\\slash <b> & 'x' \u00e9t\u00e9 😀",
        };
        await site.IngestAsync(Form($"{tag}-1", Day1, Email($"j.{tag}@site.test")) with { Traits = traits });
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var bytes = await (await manager.GetAsync($"/admin/customers/export?q={tag}")).Content.ReadAsByteArrayAsync();
        var csv = Encoding.UTF8.GetString(bytes[3..]);

        foreach (var separator in new[] { ';', '\t', ',' })
        {
            Assert.All(SpreadsheetCells(csv, separator), cell => Assert.False(StartsFormula(cell), $"'{cell}' (separator {separator})"));
        }
        var rows = ContactExportTests.ReadCsv(bytes);
        var cell = rows[1][rows[0].ToList().IndexOf("traits")];
        // JSON a program reads back as exactly the traits: no apostrophe inside it.
        Assert.Equal(traits, JsonSerializer.Deserialize<Dictionary<string, string>>(cell));
        Assert.StartsWith("{", cell, StringComparison.Ordinal);
        // Readable: letters as they are, not \u00FC; HTML characters as typed; only ';' (and what JSON must) escaped.
        Assert.Contains($"Jürgen {tag}\\u003B=cmd|' /C calc'!A0", cell, StringComparison.Ordinal);
        Assert.Contains("Tab\\t+Co\\u003B @Müller", cell, StringComparison.Ordinal);
        Assert.Contains("line\\n-one\\u003B-two \\\"quoted\\\" back\\\\slash <b> & 'x' été", cell, StringComparison.Ordinal);
        Assert.DoesNotContain(";", cell, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnImportErrorReportNamingAColumnFromTheFileStartsNoFormula()
    {
        var tag = "e" + Guid.NewGuid().ToString("N")[..8];
        var file = $"Name,\"Mail;{Payload}\"\nAnn {tag},not-an-email\nBob {tag},also-not\nCy {tag},cy.{tag}@site.test\n";
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var upload = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "evil.csv", Encoding.UTF8.GetBytes(file));
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var jobUrl = upload.Headers.Location!.OriginalString;
        var start = await manager.PostFormAsync(jobUrl, $"{jobUrl}?handler=start", new() { ["map[0]"] = "name", ["map[1]"] = "email" });
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var done = await ContactImportTests.WaitUntilDoneAsync(manager, jobUrl);

        var report = await (await manager.GetAsync(done.QuerySelector("[data-testid=error-report]")!.GetAttribute("href")!)).Content.ReadAsByteArrayAsync();
        var csv = Encoding.UTF8.GetString(report[3..]);

        foreach (var separator in new[] { ';', '\t', ',' })
        {
            Assert.All(SpreadsheetCells(csv, separator), cell => Assert.False(StartsFormula(cell), $"'{cell}' (separator {separator})"));
        }
        Assert.Contains(SpreadsheetCells(csv, ',', rfc4180: true), cell => cell.Contains($"Mail;'{Payload}", StringComparison.Ordinal));
    }

    internal static bool StartsFormula(string cell) => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@';

    /// <summary>
    /// Every cell as a spreadsheet reads the text with <paramref name="separator"/> as its list separator: a quote opens
    /// a quoted cell only at the start of a cell; elsewhere it is text, and the separator and line breaks split there.
    /// With <paramref name="rfc4180"/> a quoted cell may hold line breaks too (the file's own separator).
    /// </summary>
    internal static List<string> SpreadsheetCells(string text, char separator, bool rfc4180 = false)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var atStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else if (c is '\r' or '\n' && !rfc4180)
                {
                    // A spreadsheet opened with another separator ends the record here.
                    cells.Add(cell.ToString());
                    cell.Clear();
                    (quoted, atStart) = (false, true);
                }
                else
                {
                    cell.Append(c);
                }
                continue;
            }
            if (c == '"' && atStart)
            {
                quoted = true;
                atStart = false;
            }
            else if (c == separator || c is '\r' or '\n')
            {
                cells.Add(cell.ToString());
                cell.Clear();
                atStart = true;
            }
            else
            {
                cell.Append(c);
                atStart = false;
            }
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
