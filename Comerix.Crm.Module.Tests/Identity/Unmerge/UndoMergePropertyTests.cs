using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Matching;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Identity.Unmerge;

/// <summary>
/// Issue 20's property: for a random stream with a merge in the middle, merging and then undoing the merge leaves the
/// store as resolving the same stream with that pair rejected would. Compared as the people the store holds: which
/// events and which identifiers each live contact has.
/// </summary>
/// <remarks>
/// After the merge the stream carries the two sides' identifiers and new ones, never a third contact's: a merge with a
/// third contact changes how the engine decides later ties (an identified survivor is not an anonymous loser), which
/// no undo can replay; and the undo page refuses while the survivor has taken anyone in since.
/// </remarks>
public sealed class UndoMergePropertyTests
{
    private const string Tenant = "Default";

    [Fact]
    public async Task MergeThenUndoEqualsTheStreamWithThePairRejectedOnSqlite()
    {
        var checkedStreams = 0;
        for (var seed = 1; checkedStreams < 12 && seed < 80; seed++)
        {
            checkedStreams += await CheckAsync(CrmDatabaseProviders.Sqlite, seed) ? 1 : 0;
        }
        Assert.Equal(12, checkedStreams);
    }

    [PostgresFact]
    public async Task MergeThenUndoEqualsTheStreamWithThePairRejectedOnPostgres()
    {
        var checkedStreams = 0;
        for (var seed = 101; checkedStreams < 3 && seed < 160; seed++)
        {
            checkedStreams += await CheckAsync(CrmDatabaseProviders.Postgres, seed) ? 1 : 0;
        }
        Assert.Equal(3, checkedStreams);
    }

    /// <returns>False when the stream had no single merge to undo (the seed is skipped).</returns>
    private static async Task<bool> CheckAsync(string provider, int seed)
    {
        var random = new Random(seed);
        var stream = new List<CrmEvent>();
        await using var merged = await TestDatabase.CreateAsync(provider);

        // Before: events over a small pool of identifiers, until one merges two contacts.
        string[] pool = ["v1", "v2", "v3", "v4", "v5", "e1", "e2", "e3", "p1", "p2"];
        IngestResult? merging = null;
        while (merging is null && stream.Count < 30)
        {
            var evt = Next(random, stream.Count, Pick(random, pool, random.Next(1, 3)));
            stream.Add(evt);
            merging = await IngestAsync(merged, evt) is { Outcome: IngestOutcome.Merged } outcome ? outcome : null;
        }
        if (merging is not { MergedContactIds.Count: 1 })
        {
            return false;
        }
        var mergeAt = stream.Count;
        var history = await merged.QueryAsync(db => db.MergeHistory.AsNoTracking().SingleAsync());
        var sides = (await merged.QueryAsync(db => db.MergeHistoryRows.AsNoTracking()
            .Where(r => r.Kind == "loser_identifier" || r.Kind == "survivor_identifier").Select(r => r.RefValue).ToListAsync()))
            .Select(Token).ToList();

        // After: the two sides' identifiers, with new ones now and then (each event carries at least one known one).
        var later = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var known = Pick(random, [.. sides], 1);
            var extra = random.Next(3) switch
            {
                0 => [],
                1 => [NewIdentifier(later, seed, i)],
                _ => later.Count > 0 ? [later[random.Next(later.Count)]] : Pick(random, [.. sides], 1),
            };
            var evt = Next(random, stream.Count, [.. known, .. extra.Except(known)]);
            stream.Add(evt);
            await IngestAsync(merged, evt);
        }
        var result = await new MergeUndoService(merged.Admin, merged.Options.Resolution).UndoAsync(Tenant, history.Id, "property-test", default);
        Assert.Equal(history.MergedId, result.RestoredId);

        // The same stream, with the pair said to be two people before the merging event arrives.
        await using var rejected = await TestDatabase.CreateAsync(provider);
        for (var i = 0; i < stream.Count; i++)
        {
            if (i == mergeAt - 1)
            {
                await RejectAsync(rejected, history.SurvivorId, history.MergedId);
            }
            await IngestAsync(rejected, stream[i]);
        }

        var (expected, actual) = (await PeopleAsync(rejected), await PeopleAsync(merged));
        Assert.True(expected.SetEquals(actual),
            $"seed {seed}: after undo\n  {string.Join("\n  ", actual.Order())}\nwith the pair rejected\n  {string.Join("\n  ", expected.Order())}");
        return true;
    }

    /// <summary>The pool's name for a stored identifier: "e1@property.test" is e1, "+4930123456" is p1.</summary>
    private static string Token(string stored) =>
        stored.EndsWith("@property.test", StringComparison.Ordinal) ? stored[..stored.IndexOf('@')]
        : stored == "+4930123456" ? "p1" : stored == "+4940987654" ? "p2" : stored;

    private static string NewIdentifier(List<string> later, int seed, int i)
    {
        var value = $"n{seed}-{i}";
        later.Add(value);
        return value;
    }

    private static string[] Pick(Random random, string[] from, int count) =>
        from.OrderBy(_ => random.Next()).Take(Math.Min(count, from.Length)).ToArray();

    private static CrmEvent Next(Random random, int n, string[] identifiers) =>
        Make($"p-{n}", random.Next(3) switch { 0 => "form", 1 => "conversation", _ => "telemetry" }, Day1.AddMinutes(n),
            [.. identifiers.Select(value => value[0] switch
            {
                'e' => Email($"{value}@property.test", verified: random.Next(3) == 0),
                'p' => Phone(value == "p1" ? "+4930123456" : "+4940987654"),
                _ => Visitor(value),
            })]);

    private static async Task<IngestResult> IngestAsync(TestDatabase db, CrmEvent evt)
    {
        // A minute between events: what came after the merge arrived after it.
        db.Time.Advance(TimeSpan.FromMinutes(1));
        return (await db.Engine.IngestBatchAsync(Tenant, [evt]))[0];
    }

    private static async Task RejectAsync(TestDatabase db, long a, long b)
    {
        await using var context = db.Database.CreateDbContext(Tenant);
        var (low, high) = (Math.Min(a, b), Math.Max(a, b));
        var review = await context.MergeReviews.SingleOrDefaultAsync(r => r.ContactLowId == low && r.ContactHighId == high);
        if (review is null)
        {
            context.MergeReviews.Add(new MergeReviewItem
            {
                TenantId = Tenant, Id = 900_000 + low, ContactLowId = low, ContactHighId = high, PrimaryContactId = a,
                ReasonCode = MergeReasonCodes.NotSamePerson, Reason = "property test", EvidenceEventId = "none",
                Status = MergeReviewStatus.Rejected, CreatedAt = DateTime.UtcNow, DecidedAt = DateTime.UtcNow, DecidedBy = "property-test",
            });
        }
        else
        {
            review.Status = MergeReviewStatus.Rejected;
        }
        await context.SaveChangesAsync();
    }

    /// <summary>Each live contact as "events | identifiers", ids left out: the people, not the numbering.</summary>
    private static Task<HashSet<string>> PeopleAsync(TestDatabase db) => db.QueryAsync(async context =>
    {
        var events = (await context.Activities.AsNoTracking().Where(a => a.EventId.StartsWith("p-") && a.ContactId != null)
            .Select(a => new { a.ContactId, a.EventId }).ToListAsync()).ToLookup(a => a.ContactId!.Value, a => a.EventId);
        var identifiers = (await context.Identifiers.AsNoTracking().Select(i => new { i.ContactId, i.Value }).ToListAsync())
            .ToLookup(i => i.ContactId, i => i.Value);
        var live = await context.Contacts.AsNoTracking().Where(c => c.State == Comerix.Crm.Contacts.ContactState.Live).Select(c => c.Id).ToListAsync();
        return live.Select(id => string.Join(",", events[id].Order(StringComparer.Ordinal)) + " | " + string.Join(",", identifiers[id].Order(StringComparer.Ordinal)))
            .ToHashSet();
    });
}
