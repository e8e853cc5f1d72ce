using System.Diagnostics;
using System.Net;
using System.Text;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Files shaped to exhaust the site (a quarter of a million columns, a header cell of a page's length, a quote never
/// closed) are refused at upload with a message saying what is wrong, before any row is parsed, and leave nothing stored.
/// </summary>
public sealed class ImportLimitsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task AFileOfAQuarterOfAMillionColumnsIsRefusedAtOnceAndNothingIsStored()
    {
        var name = $"wide-{Guid.NewGuid():N}.csv";
        var header = string.Join(',', Enumerable.Range(0, 250_000).Select(i => $"c{i}"));
        var file = Encoding.UTF8.GetBytes(header + "\n" + string.Join(',', Enumerable.Range(0, 250_000).Select(_ => "x")) + "\n");
        Assert.True(file.Length > 1_300_000);
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var clock = Stopwatch.StartNew();
        var error = await RefusalAsync(manager, name, file);

        Assert.Equal("The first row has more than 200 columns; a file can have at most 200. Remove the columns you do not need.", error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        await AssertNothingStoredAsync(name);
    }

    [Fact]
    public async Task TwoHundredColumnsAreTakenAndTwoHundredAndOneAreNot()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        static byte[] Wide(int columns) => Encoding.UTF8.GetBytes(
            "email," + string.Join(',', Enumerable.Range(1, columns - 1).Select(i => $"trait {i}")) + "\n" +
            "ada@wide.test," + string.Join(',', Enumerable.Range(1, columns - 1).Select(i => $"v{i}")) + "\n");

        var taken = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "200.csv", Wide(200));
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal(200, (await manager.GetPageAsync(taken.Headers.Location!.OriginalString)).QuerySelectorAll("[data-testid=mapping] select").Length);

        Assert.StartsWith("The first row has more than 200 columns", await RefusalAsync(manager, "201.csv", Wide(201)));
    }

    [Fact]
    public async Task ARowWiderThanTheLimitIsNamedByItsNumber()
    {
        var name = $"ragged-{Guid.NewGuid():N}.csv";
        var file = "name;email\nAda;ada@ragged.test\n\nBob;" + string.Join(';', Enumerable.Range(0, 300).Select(i => $"bob{i}@ragged.test")) + "\n";
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        // The blank line is not a row, as in the preview and the error report.
        Assert.Equal("Row 3 has more than 200 columns; a file can have at most 200. Remove the columns you do not need.",
            await RefusalAsync(manager, name, Encoding.UTF8.GetBytes(file)));
        await AssertNothingStoredAsync(name);
    }

    [Fact]
    public async Task AHeaderCellOfAPagesLengthIsRefused()
    {
        var name = $"long-header-{Guid.NewGuid():N}.csv";
        var file = "email," + new string('n', 5_000) + "\nada@header.test,1\n";
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        Assert.StartsWith("Column 2's name in the first row is longer than 200 characters.", await RefusalAsync(manager, name, Encoding.UTF8.GetBytes(file)));
        await AssertNothingStoredAsync(name);
    }

    [Fact]
    public async Task AQuoteNeverClosedIsRefusedRatherThanReadAsOneEndlessCell()
    {
        var name = $"open-quote-{Guid.NewGuid():N}.csv";
        var rows = string.Concat(Enumerable.Range(0, 5_000).Select(i => $"Person {i},p{i}@quote.test\n"));
        var file = "name,email\n\"Ada,ada@quote.test\n" + rows;
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        Assert.Equal("Row 2 is longer than 100,000 characters (a quote opened in it is never closed). Correct it in the file and upload it again.",
            await RefusalAsync(manager, name, Encoding.UTF8.GetBytes(file)));
        await AssertNothingStoredAsync(name);
    }

    private static async Task<string> RefusalAsync(SiteClient manager, string fileName, byte[] content)
    {
        var response = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", fileName, content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await manager.ReadAsync(response)).QuerySelector("[data-testid=upload-error]")!.TextContent;
    }

    private async Task AssertNothingStoredAsync(string fileName)
    {
        await using var scope = await site.TenantScopeAsync("Default");
        Assert.False(await scope.ServiceProvider.GetRequiredService<CrmDbContext>().ImportJobs.AnyAsync(j => j.FileName == fileName));
    }
}
