using Comerix.Crm.Matching;
using Comerix.Crm.Contacts;

namespace Comerix.Crm.Tests.Infrastructure.InMemory;

/// <summary>
/// One tenant's committed graph in the in-memory store. A unit of work works on a deep copy and, at commit, replaces
/// the committed graph with it if nobody committed in between (else it lost a race, and the runner retries it).
/// </summary>
internal sealed class InMemoryGraph
{
    public long Version { get; set; }
    public long NextContactId { get; set; } = 1;
    public long NextActivityId { get; set; } = 1;
    public long NextReviewId { get; set; } = 1;
    public Dictionary<long, Contact> Contacts { get; init; } = [];
    /// <summary>The unique key (type, value): one identifier, one contact.</summary>
    public Dictionary<(string Type, string Value), StoredIdentifier> Identifiers { get; init; } = [];
    /// <summary>The unique key event id: one activity per event.</summary>
    public Dictionary<string, StoredActivity> Activities { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<(string Kind, string Id), StoredLink> Links { get; init; } = [];
    /// <summary>The unique key (low id, high id): a pair is queued once.</summary>
    public Dictionary<(long Low, long High), StoredReview> Reviews { get; init; } = [];
    public List<StoredAudit> Audit { get; init; } = [];

    public InMemoryGraph Copy() => new()
    {
        Version = Version,
        NextContactId = NextContactId,
        NextActivityId = NextActivityId,
        NextReviewId = NextReviewId,
        Contacts = Contacts.ToDictionary(c => c.Key, c => Clone(c.Value)),
        Identifiers = Identifiers.ToDictionary(i => i.Key, i => i.Value with { }),
        Activities = Activities.ToDictionary(a => a.Key, a => a.Value with { }, StringComparer.Ordinal),
        Links = Links.ToDictionary(l => l.Key, l => l.Value with { }),
        Reviews = Reviews.ToDictionary(r => r.Key, r => r.Value with { }),
        Audit = [.. Audit],
    };

    public static Contact Clone(Contact c) => new()
    {
        TenantId = c.TenantId,
        Id = c.Id,
        State = c.State,
        MergedIntoId = c.MergedIntoId,
        DisplayName = c.DisplayName,
        Email = c.Email,
        Phone = c.Phone,
        Company = c.Company,
        Source = c.Source,
        IsIdentified = c.IsIdentified,
        FirstSeen = c.FirstSeen,
        LastSeen = c.LastSeen,
        TraitsJson = c.TraitsJson,
        CreatedAt = c.CreatedAt,
        UpdatedAt = c.UpdatedAt,
    };
}

internal sealed record StoredIdentifier(string Type, string Value, string DisplayValue, long ContactId, bool Verified, DateTime FirstSeen);

internal sealed record StoredActivity(long Id, string EventId, long? ContactId, string Type, string? Source, DateTime OccurredAt,
    DateTime ReceivedAt, string? RecordKind, string? RecordId, decimal? ConversionValue, string? Currency, string? PayloadJson);

internal sealed record StoredLink(string Kind, string Id, long ContactId, DateTime FirstSeen);

internal sealed record StoredReview(long Id, long Low, long High, long PrimaryId, string ReasonCode, string Reason, MergeReviewStatus Status, string EvidenceEventId);

internal sealed record StoredAudit(DateTime At, string Actor, string Action, string DetailsJson);

/// <summary>The in-memory store's "lost a race": another unit of work committed to the tenant first, or a unique key was taken.</summary>
internal sealed class InMemoryConflictException(string message) : Exception(message);
