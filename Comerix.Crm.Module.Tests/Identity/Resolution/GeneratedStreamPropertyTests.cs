using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// DESIGN.md §3's closing property, checked on thousands of generated streams in random arrival order and
/// random batch splits. Each stream runs in its own tenant of one database, which is also a tenancy check.
/// </summary>
public sealed class GeneratedStreamPropertyTests
{
    private const int StreamsPerProperty = 1500;
    private static int _tenantCounter;

    [Fact]
    public Task AllVerifiedStreamsGroupIdentifiersExactlyByConnectedComponents() =>
        CheckAsync(CrmDatabaseProviders.Sqlite, StreamsPerProperty, verified: true);

    [Fact]
    public Task MixedStreamsKeepEveryIdentifierOnOneLiveContactAndNeverMixPeople() =>
        CheckAsync(CrmDatabaseProviders.Sqlite, StreamsPerProperty, verified: null);

    /// <summary>Anonymous traces fold into the known person even on unverified claims: with at most one email or
    /// phone per person, every tie has at most one identified contact, so the grouping is the components.</summary>
    [Fact]
    public Task UnverifiedStreamsFoldAnonymousTracesIntoTheKnownPerson() =>
        CheckAsync(CrmDatabaseProviders.Sqlite, 1000, verified: false, oneIdentifyingValue: true);

    [PostgresFact]
    public Task OnPostgresAllVerifiedStreamsGroupByConnectedComponents() =>
        CheckAsync(CrmDatabaseProviders.Postgres, 200, verified: true);

    [PostgresFact]
    public Task OnPostgresMixedStreamsKeepTheGraphConsistent() =>
        CheckAsync(CrmDatabaseProviders.Postgres, 200, verified: null);

    private static async Task CheckAsync(string provider, int streams, bool? verified, bool oneIdentifyingValue = false)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var property = Prop.ForAll(Arb.From(GeneratedStream.Create(verified, oneIdentifyingValue)), (GeneratedStream stream) =>
            RunAndVerifyAsync(db, stream, expectComponents: verified == true || oneIdentifyingValue).GetAwaiter().GetResult());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(streams).WithQuietOnSuccess(true), property);
    }

    private static async Task RunAndVerifyAsync(TestDatabase db, GeneratedStream stream, bool expectComponents)
    {
        var tenant = "s" + Interlocked.Increment(ref _tenantCounter);
        foreach (var batch in stream.Batches())
        {
            await db.Engine.IngestBatchAsync(tenant, batch);
        }

        var grouping = await db.GroupingAsync(tenant);
        var components = stream.Components();
        // Every identifier the stream named is in the graph exactly once (the primary key guarantees "once").
        Assert.Equal(components.SelectMany(c => c).Order(StringComparer.Ordinal), grouping.SelectMany(g => g).Order(StringComparer.Ordinal));
        // No contact ever holds identifiers of two different components (two people).
        Assert.All(grouping, group => Assert.Contains(components, c => group.IsSubsetOf(c)));
        if (expectComponents)
        {
            Assert.Equal(Describe(components), Describe(grouping));
        }
        await AssertEveryEventOnceOnALiveContactAsync(db, tenant, stream);

        // Replaying any event (here: all of them, reshuffled) changes nothing.
        var before = await db.SnapshotAsync(tenant);
        var replay = await db.Engine.IngestBatchAsync(tenant, stream.Events.Reverse().ToList());
        Assert.All(replay, r => Assert.Equal(IngestOutcome.Duplicate, r.Outcome));
        Assert.Equal(before, await db.SnapshotAsync(tenant));
    }

    private static async Task AssertEveryEventOnceOnALiveContactAsync(TestDatabase db, string tenant, GeneratedStream stream)
    {
        var rows = await db.QueryAsync(ctx => (
            from a in ctx.Activities
            where a.TenantId == tenant && a.Type != "merge"
            join c in ctx.Contacts on new { a.TenantId, Id = a.ContactId!.Value } equals new { c.TenantId, c.Id }
            select new { a.EventId, c.State }).ToListAsync());
        Assert.Equal(stream.Events.Select(e => e.Id).Order(), rows.Select(r => r.EventId).Order());
        Assert.All(rows, r => Assert.Equal(ContactStates.Live, r.State));
        var orphans = await db.QueryAsync(ctx => ctx.Identifiers.CountAsync(i => i.TenantId == tenant &&
            !ctx.Contacts.Any(c => c.TenantId == tenant && c.Id == i.ContactId && c.State == ContactStates.Live)));
        Assert.Equal(0, orphans);
    }

    private static string Describe(IEnumerable<SortedSet<string>> groups) =>
        string.Join(" | ", groups.Select(g => string.Join(",", g)).Order(StringComparer.Ordinal));
}
