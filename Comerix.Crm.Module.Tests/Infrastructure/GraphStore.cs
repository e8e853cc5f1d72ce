using Comerix.Crm.Activity;
using Comerix.Crm.Audit;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Matching;
using Comerix.Crm.Resolution;
using Comerix.Crm.Tests.Infrastructure.InMemory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Comerix.Crm.Tests.Infrastructure;

/// <summary>
/// A resolution store under test, with the engine over it and what it holds read back as rows: the engine's rule and
/// property tests run against each kind (<see cref="Kinds"/>), so the store's contract is what those tests check,
/// not what one SQL implementation happens to do.
/// </summary>
public abstract class GraphStore : IAsyncDisposable
{
    /// <summary>The resolution store in memory (<see cref="InMemoryIdentityStore"/>).</summary>
    public const string InMemory = "in-memory";

    public static Task<GraphStore> CreateAsync(string kind, Action<IdentityResolutionOptions>? configure = null) => kind == InMemory
        ? Task.FromResult<GraphStore>(new InMemoryGraphStore(configure))
        : SqlGraphStore.OpenAsync(kind, configure);

    public abstract IdentityEngine Engine { get; }
    public abstract FakeTimeProvider Time { get; }

    /// <summary>An engine with its own store object over the same data: what a second process would have.</summary>
    public abstract IdentityEngine NewEngine();

    /// <summary>Every contact of the tenant, tombstones included, by id.</summary>
    public abstract Task<List<Contact>> ContactsAsync(string tenant = "Default");
    public abstract Task<List<Identifier>> IdentifiersAsync(string tenant = "Default");
    /// <summary>Activities in arrival order.</summary>
    public abstract Task<List<ContactActivity>> ActivitiesAsync(string tenant = "Default");
    internal abstract Task<List<ContactLink>> LinksAsync(string tenant = "Default");
    public abstract Task<List<MergeReviewItem>> ReviewsAsync(string tenant = "Default");
    /// <summary>Audit entries in the order they were numbered.</summary>
    internal abstract Task<List<AuditEntry>> AuditAsync(string tenant = "Default");
    public abstract ValueTask DisposeAsync();

    public async Task<List<Contact>> LiveContactsAsync(string tenant = "Default") =>
        (await ContactsAsync(tenant)).Where(c => c.State == ContactState.Live).ToList();

    public async Task<Contact> ContactAsync(long id, string tenant = "Default") =>
        (await ContactsAsync(tenant)).Single(c => c.Id == id);

    public async Task<List<Identifier>> IdentifiersOfAsync(long contactId, string tenant = "Default") =>
        (await IdentifiersAsync(tenant)).Where(i => i.ContactId == contactId)
            .OrderBy(i => i.Type, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal).ToList();

    /// <summary>Identifier values grouped by the live contact holding them, as sorted "type:value" sets.</summary>
    public async Task<List<SortedSet<string>>> GroupingAsync(string tenant = "Default") =>
        (await IdentifiersAsync(tenant)).GroupBy(i => i.ContactId)
            .Select(g => new SortedSet<string>(g.Select(i => i.Type + ":" + i.Value), StringComparer.Ordinal))
            .OrderBy(s => s.Min, StringComparer.Ordinal)
            .ToList();

    /// <summary>A fingerprint of everything the engine writes, to prove a replay changed nothing.</summary>
    public async Task<string> SnapshotAsync(string tenant = "Default")
    {
        var contacts = (await ContactsAsync(tenant)).Select(c =>
            $"{c.Id}|{c.State}|{c.MergedIntoId}|{c.DisplayName}|{c.Email}|{c.Phone}|{c.IsIdentified}|{c.FirstSeen:O}|{c.LastSeen:O}|{c.TraitsJson}|{c.UpdatedAt:O}");
        var identifiers = (await IdentifiersAsync(tenant)).OrderBy(i => i.Type, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal)
            .Select(i => $"{i.Type}:{i.Value}>{i.ContactId}|{i.Verified}");
        var activities = (await ActivitiesAsync(tenant)).Select(a => $"{a.Id}|{a.EventId}|{a.ContactId}");
        var reviews = (await ReviewsAsync(tenant)).Select(r => $"{r.ContactLowId}-{r.ContactHighId}|{r.Status}");
        return string.Join("\n", contacts.Concat(identifiers).Concat(activities).Concat(reviews));
    }

    /// <summary>The store kinds the contract tests run against (PostgreSQL has its own, mandatory in CI).</summary>
    public static TheoryData<string> Kinds => new() { CrmDatabaseProviders.Sqlite, InMemory };
}

/// <summary>A SQL store (SQLite or PostgreSQL) read back through EF Core.</summary>
public sealed class SqlGraphStore : GraphStore
{
    private readonly bool _ownsDatabase;

    private SqlGraphStore(TestDatabase database, bool ownsDatabase = true) => (Database, _ownsDatabase) = (database, ownsDatabase);

    /// <summary>Reads a database the caller keeps (and disposes).</summary>
    public static Task<SqlGraphStore> OverAsync(TestDatabase database) => Task.FromResult(new SqlGraphStore(database, ownsDatabase: false));

    public TestDatabase Database { get; }
    public override IdentityEngine Engine => Database.Engine;
    public override FakeTimeProvider Time => Database.Time;

    /// <summary>A fresh, migrated database of <paramref name="provider"/>, disposed with the store.</summary>
    public static async Task<GraphStore> OpenAsync(string provider, Action<IdentityResolutionOptions>? configure) =>
        new SqlGraphStore(await TestDatabase.CreateAsync(provider, configure));

    public override IdentityEngine NewEngine() => Database.NewEngine();

    public override Task<List<Contact>> ContactsAsync(string tenant = "Default") =>
        Database.QueryAsync(ctx => ctx.Contacts.AsNoTracking().Where(c => c.TenantId == tenant).OrderBy(c => c.Id).ToListAsync());

    public override Task<List<Identifier>> IdentifiersAsync(string tenant = "Default") =>
        Database.QueryAsync(ctx => ctx.Identifiers.AsNoTracking().Where(i => i.TenantId == tenant).ToListAsync());

    public override Task<List<ContactActivity>> ActivitiesAsync(string tenant = "Default") =>
        Database.QueryAsync(ctx => ctx.Activities.AsNoTracking().Where(a => a.TenantId == tenant).OrderBy(a => a.Id).ToListAsync());

    internal override Task<List<ContactLink>> LinksAsync(string tenant = "Default") =>
        Database.QueryAsync(ctx => ctx.ContactLinks.AsNoTracking().Where(l => l.TenantId == tenant).ToListAsync());

    public override Task<List<MergeReviewItem>> ReviewsAsync(string tenant = "Default") =>
        Database.QueryAsync(ctx => ctx.MergeReviews.AsNoTracking().Where(r => r.TenantId == tenant).OrderBy(r => r.Id).ToListAsync());

    internal override Task<List<AuditEntry>> AuditAsync(string tenant = "Default") =>
        Database.QueryAsync(ctx => ctx.AuditEntries.AsNoTracking().Where(e => e.TenantId == tenant).OrderBy(e => e.Sequence).ToListAsync());

    public override ValueTask DisposeAsync() => _ownsDatabase ? Database.DisposeAsync() : ValueTask.CompletedTask;
}

/// <summary>The in-memory resolution store, read back from its committed graph.</summary>
public sealed class InMemoryGraphStore : GraphStore
{
    private readonly InMemoryIdentityStore _store;
    private readonly IdentityResolutionOptions _options = new();

    public InMemoryGraphStore(Action<IdentityResolutionOptions>? configure = null)
    {
        configure?.Invoke(_options);
        _store = new InMemoryIdentityStore(Time);
        Engine = NewEngine();
    }

    public override IdentityEngine Engine { get; }
    public override FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Units of work that lost a race at commit (and were run again by the engine).</summary>
    public int Conflicts => _store.Conflicts;

    public override IdentityEngine NewEngine() => new(_store, _options, Time);

    /// <summary>An engine over this store that logs to <paramref name="logger"/>.</summary>
    public IdentityEngine NewEngine(Microsoft.Extensions.Logging.ILogger<IdentityEngine> logger) => new(_store, _options, Time, logger: logger);

    /// <summary>The next <paramref name="commits"/> commits lose a race (the engine runs their units again).</summary>
    public void LoseNextCommits(int commits) => _store.LoseNextCommits(commits);

    public override Task<List<Contact>> ContactsAsync(string tenant = "Default") =>
        Task.FromResult(_store.Snapshot(tenant).Contacts.Values.OrderBy(c => c.Id).ToList());

    public override Task<List<Identifier>> IdentifiersAsync(string tenant = "Default") =>
        Task.FromResult(_store.Snapshot(tenant).Identifiers.Values.Select(i => new Identifier
        {
            TenantId = tenant, Type = i.Type, Value = i.Value, DisplayValue = i.DisplayValue, ContactId = i.ContactId, Verified = i.Verified,
            FirstSeen = i.FirstSeen,
        }).ToList());

    public override Task<List<ContactActivity>> ActivitiesAsync(string tenant = "Default") =>
        Task.FromResult(_store.Snapshot(tenant).Activities.Values.OrderBy(a => a.Id).Select(a => new ContactActivity
        {
            TenantId = tenant, Id = a.Id, EventId = a.EventId, ContactId = a.ContactId, Type = a.Type, Source = a.Source,
            OccurredAt = a.OccurredAt, ReceivedAt = a.ReceivedAt, RecordKind = a.RecordKind, RecordId = a.RecordId,
            ConversionValue = a.ConversionValue, Currency = a.Currency, PayloadJson = a.PayloadJson,
        }).ToList());

    internal override Task<List<ContactLink>> LinksAsync(string tenant = "Default") =>
        Task.FromResult(_store.Snapshot(tenant).Links.Values.Select(l => new ContactLink
        {
            TenantId = tenant, RecordKind = l.Kind, RecordId = l.Id, ContactId = l.ContactId, FirstSeen = l.FirstSeen,
        }).ToList());

    public override Task<List<MergeReviewItem>> ReviewsAsync(string tenant = "Default") =>
        Task.FromResult(_store.Snapshot(tenant).Reviews.Values.OrderBy(r => r.Id).Select(r => new MergeReviewItem
        {
            TenantId = tenant, Id = r.Id, ContactLowId = r.Low, ContactHighId = r.High, PrimaryContactId = r.PrimaryId, ReasonCode = r.ReasonCode,
            Reason = r.Reason, EvidenceEventId = r.EvidenceEventId, Status = r.Status,
        }).ToList());

    internal override Task<List<AuditEntry>> AuditAsync(string tenant = "Default") =>
        Task.FromResult(_store.Snapshot(tenant).Audit.Select((e, i) => new AuditEntry
        {
            TenantId = tenant, Sequence = i + 1, At = e.At, Actor = e.Actor, Action = e.Action, DetailsJson = e.DetailsJson,
        }).ToList());

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
