using Comerix.Crm.Ingestion;
using Comerix.Crm.Matching;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Identity.Unmerge;

/// <summary>A merge can be undone for 30 days; after that its record of what moved is deleted and the undo says why not.</summary>
public sealed class UndoMergeWindowTests
{
    [Theory]
    [InlineData(Comerix.Crm.Data.CrmDatabaseProviders.Sqlite)]
    [InlineData(Comerix.Crm.Data.CrmDatabaseProviders.Postgres)]
    public async Task AMergeOlderThanThirtyDaysSaysWhyItCannotBeUndone(string provider)
    {
        if (provider == Comerix.Crm.Data.CrmDatabaseProviders.Postgres && PostgresTestServer.ConnectionString is null)
        {
            return;
        }
        await using var db = await TestDatabase.CreateAsync(provider);
        await db.Engine.IngestBatchAsync("Default", [Telemetry("w-1", Day1, Visitor("w-visitor"))]);
        await db.Engine.IngestBatchAsync("Default", [Form("w-2", Day1, Email("w@window.test"))]);
        await db.Engine.IngestBatchAsync("Default", [Chat("w-3", Day1, Visitor("w-visitor"), Email("w@window.test"))]);
        var merge = await db.QueryAsync(c => c.MergeHistory.AsNoTracking().SingleAsync());
        var undo = new MergeUndoService(db.Admin, db.Options.Resolution);

        db.Time.Advance(TimeSpan.FromDays(29));
        Assert.Null(undo.WhyNot((await undo.ReadAsync("Default", merge.Id, default))!));

        db.Time.Advance(TimeSpan.FromDays(2));
        await MergeHistoryRetention.PurgeAsync(db.Database, db.Time.GetUtcNow().UtcDateTime, default);
        Assert.False(await db.QueryAsync(c => c.MergeHistoryRows.AnyAsync()));
        var refused = await Assert.ThrowsAsync<CrmValidationException>(() => undo.UndoAsync("Default", merge.Id, "test", default));
        Assert.Contains("more than 30 days old", Assert.Single(refused.Errors));
    }
}
