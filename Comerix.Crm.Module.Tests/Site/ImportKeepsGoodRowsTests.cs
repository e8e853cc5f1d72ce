using System.Globalization;
using System.Net;
using System.Text;
using Comerix.Crm.Data;
using Comerix.Crm.Import;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// A row with a good email and a bad phone goes in without the phone, and says so; the "Import N rows" button counts
/// the rows that will go in; the report carries each row's cells so it can be fixed and imported again; and those cells,
/// being personal data, go with a Delete &amp; forget and a day after the import.
/// </summary>
public sealed class ImportKeepsGoodRowsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task ARowWithABadPhoneIsImportedWithoutItAndItsReportRowImportsAgainOnceFixed()
    {
        var tag = "k" + Guid.NewGuid().ToString("N")[..8];
        var file = $"""
            Name,Email,Mobile
            Ann {tag},ann.{tag}@keep.test,12
            Bea {tag},n/a,+1 415 555 0100
            Cal {tag},cal-at-nowhere,
            Dan {tag},dan.{tag}@keep.test,+1 415 555 0101
            """;
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var upload = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "keep.csv", Encoding.UTF8.GetBytes(file));
        var jobUrl = upload.Headers.Location!.OriginalString;

        var mapping = await manager.GetPageAsync(jobUrl);
        Assert.Equal("Import 3 rows", mapping.QuerySelector("[data-testid=start-import]")!.TextContent);
        Assert.Equal("1 row of 4 cannot be imported (see the preview's problems)", mapping.QuerySelector("[data-testid=left-out]")!.TextContent);
        var preview = mapping.QuerySelectorAll("[data-testid=preview] tbody tr td:last-child").Select(td => td.TextContent).ToList();
        Assert.Equal("imported without “Mobile”, which is not a valid number for its region (US, read without a country code): too short", preview[0]);
        Assert.Equal("imported without “Email”, which is a placeholder such as “n/a”, not a value", preview[1]);
        Assert.Equal("“Email” is not an email address; nothing else to know the person by", preview[2]);
        Assert.Equal("—", preview[3]);

        await manager.PostFormAsync(jobUrl, $"{jobUrl}?handler=start", new() { ["map[0]"] = "name", ["map[1]"] = "email", ["map[2]"] = "phone" });
        var done = await ContactImportTests.WaitUntilDoneAsync(manager, jobUrl);

        Assert.Equal(["3", "0", "0", "0", "1"], done.QuerySelectorAll("[data-testid=import-results] .tile-value").Select(t => t.TextContent));
        Assert.StartsWith("2 rows imported without a value they held", done.QuerySelector("[data-testid=imported-without]")!.TextContent);
        Assert.Equal(["2", "3", "4"], done.QuerySelectorAll("[data-testid=import-errors] tbody tr td:first-child").Select(t => t.TextContent));
        var ann = await ContactAsync(c => c.Email == $"ann.{tag}@keep.test");
        Assert.Null(ann.Phone);
        Assert.Equal("+14155550100", (await ContactAsync(c => c.DisplayName == $"Bea {tag}")).Phone);

        var report = ReadCsv(await (await manager.GetAsync(done.QuerySelector("[data-testid=error-report]")!.GetAttribute("href")!)).Content.ReadAsByteArrayAsync());
        Assert.Equal(["import_row", "import_problem", "Name", "Email", "Mobile"], report[0]);
        Assert.Equal(["2", "3", "4"], report.Skip(1).Select(r => r[0]));
        Assert.Equal([$"Ann {tag}", $"ann.{tag}@keep.test", "12"], report[1][2..]);
        Assert.Equal([$"Cal {tag}", "cal-at-nowhere", ""], report[3][2..]);

        // Fix Ann's phone in the report and import it as it is: the report's own columns are left out by the guess.
        var fixedReport = $"{string.Join(',', report[0])}\n{report[1][0]},\"{report[1][1]}\",{report[1][2]},{report[1][3]},+1 415 555 0102\n";
        var again = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "keep-fixed.csv", Encoding.UTF8.GetBytes(fixedReport));
        var againUrl = again.Headers.Location!.OriginalString;
        var againMapping = await manager.GetPageAsync(againUrl);
        Assert.Equal(["", "", "name", "email", "phone"],
            againMapping.QuerySelectorAll("[data-testid=mapping] select").Select(s => s.QuerySelector("option[selected]")!.GetAttribute("value")));
        await manager.PostFormAsync(againUrl, $"{againUrl}?handler=start",
            new() { ["map[0]"] = "", ["map[1]"] = "", ["map[2]"] = "name", ["map[3]"] = "email", ["map[4]"] = "phone" });
        var againDone = await ContactImportTests.WaitUntilDoneAsync(manager, againUrl);
        Assert.Equal(["0", "1", "0", "0", "0"], againDone.QuerySelectorAll("[data-testid=import-results] .tile-value").Select(t => t.TextContent));
        Assert.Equal("+14155550102", (await ContactAsync(c => c.Id == ann.Id)).Phone);
    }

    [Fact]
    public async Task ARowNamingSomeoneWhoAskedToBeForgottenKeepsNoCellsInTheReport()
    {
        var tag = "g" + Guid.NewGuid().ToString("N")[..8];
        var gone = (await site.IngestAsync(Form($"{tag}-gone", Day1, Email($"gone.{tag}@keep.test"))))[0].ContactId!.Value;
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        await admin.PostFormAsync($"/admin/customers/{gone}/delete", $"/admin/customers/{gone}/delete", new() { ["Confirmation"] = "DELETE", ["Suppress"] = "true" });
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var upload = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "gone.csv",
            Encoding.UTF8.GetBytes($"name,email\nGone {tag},gone.{tag}@keep.test\n"));
        var jobUrl = upload.Headers.Location!.OriginalString;
        await manager.PostFormAsync(jobUrl, $"{jobUrl}?handler=start", new() { ["map[0]"] = "name", ["map[1]"] = "email" });
        await ContactImportTests.WaitUntilDoneAsync(manager, jobUrl);

        var report = ReadCsv(Encoding.UTF8.GetBytes(await ReportTextAsync(manager, jobUrl)));
        Assert.Equal(["2", "the person asked to be forgotten: their identifiers are on the suppression list"], report[1]);
    }

    [Fact]
    public async Task NoRowToImportCannotBeStarted()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var upload = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "none.csv",
            Encoding.UTF8.GetBytes("name,email\nAda,not-an-email\nBob,null\n"));
        var jobUrl = upload.Headers.Location!.OriginalString;

        Assert.Equal("Import 0 rows", (await manager.GetPageAsync(jobUrl)).QuerySelector("[data-testid=start-import]")!.TextContent);
        var refused = await manager.ReadAsync(await manager.PostFormAsync(jobUrl, $"{jobUrl}?handler=start", new() { ["map[0]"] = "name", ["map[1]"] = "email" }));
        Assert.StartsWith("No row can be imported with these columns", refused.QuerySelector("[data-testid=mapping-error]")!.TextContent);
        Assert.Equal("Waiting for its columns to be mapped", refused.QuerySelector("[data-testid=import-status]")!.TextContent.Split(" · ")[0]);
    }

    [Fact]
    public Task DeleteAndForgetTakesThePersonsCellsOutOfEveryImportReport() => DeleteAndForgetTakesThePersonsCells(site);

    [Fact]
    public Task AReportKeepsItsCellsForADayAfterTheImportAndThenOnlyTheRowsAndReasons() => AReportKeepsItsCellsForADay(site);

    internal static async Task DeleteAndForgetTakesThePersonsCells(SiteFactory site)
    {
        var tag = "f" + Guid.NewGuid().ToString("N")[..8];
        var eve = (await site.IngestAsync(Form($"{tag}-eve", Day1, Email($"eve.{tag}@keep.test"))))[0].ContactId!.Value;
        // Ann comes in without her bad phone; Eve's row fails (a bad tag) but names her email; Cal's names no one known.
        var file = $"""
            Name,Email,Mobile,Tags
            Ann {tag},ann.{tag}@keep.test,12 {tag},
            Eve {tag},EVE.{tag}@keep.test,,<b>
            Cal {tag},cal-{tag},,
            """;
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var upload = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "forget.csv", Encoding.UTF8.GetBytes(file));
        var jobUrl = upload.Headers.Location!.OriginalString;
        await manager.PostFormAsync(jobUrl, $"{jobUrl}?handler=start", new() { ["map[0]"] = "name", ["map[1]"] = "email", ["map[2]"] = "phone", ["map[3]"] = "tags" });
        await ContactImportTests.WaitUntilDoneAsync(manager, jobUrl);
        var ann = (await ContactAsync(site, c => c.Email == $"ann.{tag}@keep.test")).Id;
        Assert.Contains($"12 {tag}", await ReportTextAsync(manager, jobUrl));
        Assert.Contains($"EVE.{tag}@keep.test", await ReportTextAsync(manager, jobUrl));

        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        foreach (var (id, email) in new[] { (ann, $"ann.{tag}@keep.test"), (eve, $"eve.{tag}@keep.test") })
        {
            var erased = await admin.PostFormAsync($"/admin/customers/{id}/delete", $"/admin/customers/{id}/delete", new() { ["Confirmation"] = email });
            Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        }

        var report = ReadCsv(Encoding.UTF8.GetBytes(await ReportTextAsync(manager, jobUrl)));
        Assert.Equal(["2", "3", "4"], report.Skip(1).Select(r => r[0]));
        Assert.Equal(2, report[1].Length); // Ann: the row and why, nothing of her
        Assert.Equal(2, report[2].Length); // Eve, whose row never went in
        Assert.Equal($"Cal {tag}", report[3][2]);
        await using var scope = await site.TenantScopeAsync("Default");
        var stored = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().ImportJobs.SingleAsync(j => j.Id == jobUrl.Substring(jobUrl.LastIndexOf('/') + 1));
        Assert.DoesNotContain($"12 {tag}", stored.ErrorsJson);
        Assert.DoesNotContain($"eve.{tag}", stored.ErrorsJson, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain($"ann.{tag}", stored.ErrorsJson);
    }

    internal static async Task AReportKeepsItsCellsForADay(SiteFactory site)
    {
        var old = $"old{Guid.NewGuid():N}";
        var recent = $"recent{Guid.NewGuid():N}";
        var errors = $$"""[{"Row":2,"Reason":"“Email” is not an email address; nothing else to know the person by","Cells":["Ada","ada-at-{{old}}"]}]""";
        var now = DateTime.UtcNow;
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            foreach (var (id, finished) in new[] { (old, now.AddHours(-25)), (recent, now.AddHours(-23)) })
            {
                db.ImportJobs.Add(new ImportJob
                {
                    TenantId = "Default", Id = id, FileName = $"{id}.csv", Status = ImportStatus.Completed, HeaderJson = "[\"name\",\"email\"]",
                    MappingJson = "[\"name\",\"email\"]", TotalRows = 1, Processed = 1, Failed = 1, ErrorsJson = errors,
                    CreatedBy = SiteFactory.ManagerEmail, CreatedAt = finished.AddMinutes(-1), StartedAt = finished.AddMinutes(-1), FinishedAt = finished,
                });
            }
            await db.SaveChangesAsync();
        }

        await site.Services.GetRequiredService<ImportRunner>().RunPendingAsync(CancellationToken.None);

        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var expired = ReadCsv(Encoding.UTF8.GetBytes(await ReportTextAsync(manager, $"/admin/customers/import/{old}")));
        Assert.Equal(["2", "“Email” is not an email address; nothing else to know the person by"], expired[1]);
        var kept = ReadCsv(Encoding.UTF8.GetBytes(await ReportTextAsync(manager, $"/admin/customers/import/{recent}")));
        Assert.Equal(["Ada", $"ada-at-{old}"], kept[1][2..]);
        await using var check = await site.TenantScopeAsync("Default");
        Assert.DoesNotContain("ada-at", (await check.ServiceProvider.GetRequiredService<CrmDbContext>().ImportJobs.SingleAsync(j => j.Id == old)).ErrorsJson);
    }

    private static async Task<string> ReportTextAsync(SiteClient client, string jobUrl) =>
        Encoding.UTF8.GetString((await (await client.GetAsync($"{jobUrl}/errors")).Content.ReadAsByteArrayAsync())[3..]);

    private Task<Comerix.Crm.Contacts.Contact> ContactAsync(System.Linq.Expressions.Expression<Func<Comerix.Crm.Contacts.Contact, bool>> where) =>
        ContactAsync(site, where);

    private static async Task<Comerix.Crm.Contacts.Contact> ContactAsync(SiteFactory site, System.Linq.Expressions.Expression<Func<Comerix.Crm.Contacts.Contact, bool>> where)
    {
        await using var scope = await site.TenantScopeAsync("Default");
        return await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Contacts.AsNoTracking().SingleAsync(where);
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
