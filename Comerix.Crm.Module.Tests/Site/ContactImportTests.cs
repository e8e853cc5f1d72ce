using System.Net;
using System.Text;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Importing customers from a CSV file as a manager does it: upload, check the guessed mapping and the preview, start,
/// watch it finish, read what it did and download the rows it could not take.
/// </summary>
public sealed class ContactImportTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task AnImportAddsNewPeopleUpdatesKnownOnesAndReportsTheRowsItCouldNotTake()
    {
        var tag = "i" + Guid.NewGuid().ToString("N")[..8];
        var known = await site.IngestAsync(Form($"{tag}-known", Day1, Email($"known.{tag}@site.test")));
        var file = $"""
            Full name,E-mail,Mobile,Organisation,Favourite colour,Notes
            Ada Lovelace,ada.{tag}@site.test,+44 20 7946 0958,"Engines, Ltd",green,met at the fair
            Known Person,KNOWN.{tag}@site.test,,Known Co,,
            Bad Email,not-an-email-{tag},,,,
            Nobody,,,,blue,
            Grace Hopper,grace.{tag}@site.test,,Navy,,
            """;
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var upload = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "people.csv", Encoding.UTF8.GetBytes(file));
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var jobUrl = upload.Headers.Location!.OriginalString;
        var mapping = await manager.GetPageAsync(jobUrl);
        Assert.Equal(["name", "email", "phone", "company", "trait", "trait"],
            mapping.QuerySelectorAll("[data-testid=mapping] select").Select(s => s.QuerySelector("option[selected]")!.GetAttribute("value")));
        var preview = mapping.QuerySelectorAll("[data-testid=preview] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(5, preview.Count);
        Assert.Contains("“E-mail” is not an email address", preview[2]);
        Assert.Contains("no email, phone, customer id or external reference", preview[3]);
        Assert.Contains("favourite_colour: green", preview[0]);

        // Notes are not for the CRM: leave that column out, then start.
        var start = await manager.PostFormAsync(jobUrl, $"{jobUrl}?handler=start", new()
        {
            ["map[0]"] = "name", ["map[1]"] = "email", ["map[2]"] = "phone", ["map[3]"] = "company", ["map[4]"] = "trait", ["map[5]"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var done = await WaitUntilDoneAsync(manager, jobUrl);

        Assert.Equal(["2", "1", "0", "0", "2"], done.QuerySelectorAll("[data-testid=import-results] .tile-value").Select(t => t.TextContent));
        Assert.Equal(["4", "5"], done.QuerySelectorAll("[data-testid=import-errors] tbody tr td:first-child").Select(t => t.TextContent));
        var report = await manager.GetAsync(done.QuerySelector("[data-testid=error-report]")!.GetAttribute("href")!);
        var reportBytes = await report.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], reportBytes[..3]);
        var reportText = Encoding.UTF8.GetString(reportBytes[3..]);
        // The rows as the file had them, under its header, to fix and import again.
        Assert.StartsWith("import_row,import_problem,Full name,E-mail,Mobile,Organisation,Favourite colour,Notes\r\n" +
            $"4,\"“E-mail” is not an email address; nothing else to know the person by\",Bad Email,not-an-email-{tag},,,,\r\n5,", reportText);

        await using var scope = await site.TenantScopeAsync("Default");
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var ada = await db.Contacts.SingleAsync(c => c.Email == $"ada.{tag}@site.test");
        Assert.Equal(("Ada Lovelace", "+442079460958", "Engines, Ltd", ContactSources.Import, true),
            (ada.DisplayName, ada.Phone, ada.Company, ada.Source, ada.IsIdentified));
        Assert.Contains("\"favourite_colour\":\"green\"", ada.TraitsJson);
        Assert.DoesNotContain("fair", ada.TraitsJson);
        var knownContact = await db.Contacts.SingleAsync(c => c.Id == known[0].ContactId);
        Assert.Equal(("Known Person", "Known Co", ContactSources.Form), (knownContact.DisplayName, knownContact.Company, knownContact.Source));
        Assert.False(await db.Contacts.AnyAsync(c => c.DisplayName == "Bad Email" || c.DisplayName == "Nobody"));
        var job = await db.ImportJobs.SingleAsync(j => j.Id == jobUrl.Substring(jobUrl.LastIndexOf('/') + 1));
        Assert.Null(job.Content); // the file's text is gone once imported
        Assert.Contains(await db.AuditEntries.Where(e => e.Action == "contacts.imported").Select(e => e.DetailsJson).ToListAsync(),
            d => d!.Contains($"\"importId\":\"{job.Id}\"") && d.Contains("\"created\":2"));
    }

    [Fact]
    public async Task AFileThatCannotBeImportedIsRefusedWithItsReasonAndNothingIsImported()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        async Task<string> RefusalAsync(byte[] content)
        {
            var response = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "bad.csv", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await manager.ReadAsync(response)).QuerySelector("[data-testid=upload-error]")!.TextContent;
        }

        Assert.StartsWith("The file is empty", await RefusalAsync([]));
        Assert.StartsWith("The file has a header row but no people", await RefusalAsync(Encoding.UTF8.GetBytes("name,email\n")));
        Assert.StartsWith("The file is not UTF-8", await RefusalAsync([.. Encoding.ASCII.GetBytes("name\nJos"), 0xE9, 0x0A]));
        Assert.StartsWith("The file is not a CSV text file", await RefusalAsync([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]));

        // A mapping with nothing to know people by cannot start.
        var upload = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "names.csv",
            Encoding.UTF8.GetBytes("name;city\nAda;London\n"));
        var jobUrl = upload.Headers.Location!.OriginalString;
        var refused = await manager.PostFormAsync(jobUrl, $"{jobUrl}?handler=start", new() { ["map[0]"] = "name", ["map[1]"] = "trait" });
        var page = await manager.ReadAsync(refused);
        Assert.StartsWith("Map at least one column to Email", page.QuerySelector("[data-testid=mapping-error]")!.TextContent);
        Assert.Equal("Waiting for its columns to be mapped", page.QuerySelector("[data-testid=import-status]")!.TextContent.Split(" · ")[0]);

        var discard = await manager.PostFormAsync(jobUrl, $"{jobUrl}?handler=discard", new());
        Assert.Equal(HttpStatusCode.Redirect, discard.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(jobUrl)).StatusCode);
    }

    [Fact]
    public async Task ViewersCannotImportAndDoNotSeeTheButton()
    {
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/admin/customers/import")).StatusCode);
        Assert.Null((await viewer.GetPageAsync("/admin/customers")).QuerySelector("a[href='/admin/customers/import']"));
    }

    [Fact]
    public async Task AnImportInterruptedByARestartResumesWhereItsProgressSaysAndStoresNoRowTwice()
    {
        var tag = "r" + Guid.NewGuid().ToString("N")[..8];
        var id = "resume" + tag;
        // Before the "crash" the first slice (row 2) was stored and counted; rows 3 and 4 were not.
        await site.IngestAsync(new Comerix.Crm.Ingestion.CrmEvent
        {
            Id = $"import:{id}:2",
            Type = "note",
            Source = ContactSources.Import,
            OccurredAt = Day1,
            Claims = [Email($"one.{tag}@site.test")],
        });
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.ImportJobs.Add(new ImportJob
            {
                TenantId = "Default", Id = id, FileName = "resume.csv", Status = ImportStatus.Running,
                Content = $"email\none.{tag}@site.test\ntwo.{tag}@site.test\nthree.{tag}@site.test\n",
                HeaderJson = "[\"email\"]", MappingJson = "[\"email\"]", TotalRows = 3, Processed = 1, Created = 1,
                CreatedBy = SiteFactory.ManagerEmail, CreatedAt = Day1.UtcDateTime, StartedAt = Day1.UtcDateTime,
            });
            await db.SaveChangesAsync();
        }

        await site.Services.GetRequiredService<ImportRunner>().RunPendingAsync(CancellationToken.None);

        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var job = await db.ImportJobs.SingleAsync(j => j.Id == id);
            Assert.Equal((ImportStatus.Completed, 3, 3, 0), (job.Status, job.Processed, job.Created + job.AlreadyImported, job.Failed));
            Assert.Null(job.Content);
            var emails = new[] { $"one.{tag}@site.test", $"two.{tag}@site.test", $"three.{tag}@site.test" };
            var contacts = await db.Contacts.Where(c => emails.Contains(c.Email!)).ToListAsync();
            Assert.Equal(3, contacts.Count);
            Assert.Equal(3, await db.Activities.CountAsync(a => a.EventId.StartsWith($"import:{id}:")));
        }
    }

    internal static async Task<AngleSharp.Html.Dom.IHtmlDocument> WaitUntilDoneAsync(SiteClient client, string jobUrl)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            var page = await client.GetPageAsync(jobUrl);
            if (page.QuerySelector("[data-testid=import-status]")!.TextContent.StartsWith("Done", StringComparison.Ordinal))
            {
                return page;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{jobUrl} did not finish in 30 s");
    }
}
