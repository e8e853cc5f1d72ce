using Comerix.Crm.Tests.Infrastructure;

namespace Comerix.Crm.Tests.Site;

/// <summary>An import report's cells leave with Delete &amp; forget and after a day on PostgreSQL too (its own queries: JSON text search, event ids).</summary>
public sealed class ImportReportOnPostgresTests
{
    [PostgresFact]
    public async Task DeleteAndForgetTakesThePersonsCellsOutOfEveryImportReportOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = SiteFactory.OnPostgres(database);
        await ImportKeepsGoodRowsTests.DeleteAndForgetTakesThePersonsCells(site);
    }

    [PostgresFact]
    public async Task AReportKeepsItsCellsForADayOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = SiteFactory.OnPostgres(database);
        await ImportKeepsGoodRowsTests.AReportKeepsItsCellsForADay(site);
    }
}
