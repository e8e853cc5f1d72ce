using System.Text.Json;
using Comerix.Crm.Audit;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// A merge's audit entry says how many identifiers, activities and links moved to the survivor. Rows still waiting
/// for the batch's commit count as much as rows already stored, and a contact that absorbed another earlier hands
/// over what it absorbed.
/// </summary>
public sealed class MergeMovedCountsTests : EngineTestBase
{
    // Three devices of one person. The tablet's chat (two identifiers, one activity, one link) folds into the
    // laptop, the older anonymous trace. The laptop then folds into the phone, the identified one, with everything
    // it holds: three identifiers; its telemetry, the chat, the joining event and the first merge's timeline entry;
    // the chat's link.
    private static IReadOnlyList<CrmEvent> Stream() =>
    [
        Form("f1", Day1, Visitor("phone"), Email("ada@example.com")),
        Telemetry("t1", Day1.AddHours(1), Visitor("laptop")),
        Chat("c1", Day1.AddHours(2), Visitor("tablet"), Conversation("conv-1")) with { Record = new SourceRecordRef("conversation", "conv-1") },
        Telemetry("t2", Day1.AddHours(3), Visitor("laptop"), Visitor("tablet")),
        Telemetry("t3", Day1.AddHours(4), Visitor("phone"), Visitor("laptop")),
    ];

    [Fact]
    public async Task MergesInOneBatchReportWhatMovedIncludingWhatTheLoserHadAbsorbed()
    {
        await Engine.IngestBatchAsync(Tenant, Stream());

        Assert.Equal(
            [new Moved(Identifiers: 2, Activities: 1, Links: 1), new Moved(Identifiers: 3, Activities: 4, Links: 1)],
            await MergesAsync());
    }

    [Fact]
    public async Task MergesReportTheSameWhetherTheEventsCameInOneBatchOrOneByOne()
    {
        foreach (var evt in Stream())
        {
            await IngestAsync(evt);
        }

        Assert.Equal(
            [new Moved(Identifiers: 2, Activities: 1, Links: 1), new Moved(Identifiers: 3, Activities: 4, Links: 1)],
            await MergesAsync());
    }

    private sealed record Moved(int Identifiers, int Activities, int Links);

    private async Task<List<Moved>> MergesAsync()
    {
        var entries = await Db.QueryAsync(ctx => ctx.AuditEntries
            .Where(e => e.Action == AuditActions.ContactMerged).OrderBy(e => e.Sequence).ToListAsync());
        return entries.Select(e =>
        {
            var details = JsonDocument.Parse(e.DetailsJson!).RootElement;
            return new Moved(details.GetProperty("identifiersMoved").GetInt32(), details.GetProperty("activitiesMoved").GetInt32(),
                details.GetProperty("linksMoved").GetInt32());
        }).ToList();
    }
}
