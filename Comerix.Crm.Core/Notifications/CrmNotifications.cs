namespace Comerix.Crm.Notifications;

/// <summary>
/// Something that happened to the CRM's data, raised after the change committed: to in-process handlers
/// (<see cref="ICrmEventHandler{T}"/>) and, through the outbox written in the change's own transaction, to webhooks.
/// </summary>
public abstract record CrmNotification(string TenantId)
{
    /// <summary>The event's name (<see cref="CrmEventTypes"/>).</summary>
    public abstract string EventType { get; }

    /// <summary>The contact whose events are delivered in order with this one; null when it names no contact.</summary>
    public abstract long? OrderKey { get; }

    /// <summary>Another contact the event names (a review's other side): an erasure of either purges its deliveries.</summary>
    public virtual long? OtherContactId => null;

    /// <summary>
    /// The contact as the change left it (profile, traits, identifiers), read inside the change's transaction; set on
    /// the contact events that carry one, and only when someone listens.
    /// </summary>
    public CrmContactSnapshot? Contact { get; init; }

    /// <summary>True for the events whose payload is the contact (id, identifiers, profile).</summary>
    public virtual bool CarriesContact => true;
}

/// <summary>A notification about one contact, whose deliveries go in order with the contact's others.</summary>
public abstract record ContactNotification(string TenantId, long ContactId) : CrmNotification(TenantId)
{
    public override long? OrderKey => ContactId;
}

/// <summary>A contact as a receiver sees it: id, profile, traits, identifiers.</summary>
/// <param name="Stage">The key of the contact's lifecycle stage, or null.</param>
/// <param name="Owner">The site user who owns the contact (their sign-in email), or null.</param>
public sealed record CrmContactSnapshot(
    long Id, string? Name, string? Email, string? Phone, string? Company, bool Identified,
    IReadOnlyDictionary<string, string> Traits, IReadOnlyList<CrmIdentifierSnapshot> Identifiers, string? Stage = null, string? Owner = null);

public sealed record CrmIdentifierSnapshot(string Type, string Value, bool Verified);

/// <summary>A new contact: from an event no known identifier matched, or added by hand.</summary>
public sealed record ContactCreated(string TenantId, long ContactId) : ContactNotification(TenantId, ContactId)
{
    public override string EventType => CrmEventTypes.ContactCreated;
}

/// <summary>The contact's profile, traits or tags changed (<see cref="Changed"/> says which: "profile", "traits", "tags", "stage", "owner").</summary>
public sealed record ContactUpdated(string TenantId, long ContactId, IReadOnlyList<string> Changed) : ContactNotification(TenantId, ContactId)
{
    public override string EventType => CrmEventTypes.ContactUpdated;
}

/// <summary>An anonymous contact became identified (it now has an email or a phone number).</summary>
public sealed record ContactIdentified(string TenantId, long ContactId) : ContactNotification(TenantId, ContactId)
{
    public override string EventType => CrmEventTypes.ContactIdentified;
}

/// <summary><see cref="MergedIds"/> were folded into <see cref="SurvivorId"/>; their ids now resolve to it.</summary>
public sealed record ContactMerged(string TenantId, long SurvivorId, IReadOnlyList<long> MergedIds) : CrmNotification(TenantId)
{
    public override string EventType => CrmEventTypes.ContactMerged;
    public override long? OrderKey => SurvivorId;
}

/// <summary>
/// A merge was undone: <see cref="RestoredId"/> is a contact of its own again, with what it brought to
/// <see cref="SurvivorId"/>. The payload's contact is the survivor as the undo left it.
/// </summary>
public sealed record ContactUnmerged(string TenantId, long SurvivorId, long RestoredId) : ContactNotification(TenantId, SurvivorId)
{
    public override string EventType => CrmEventTypes.ContactUnmerged;
    public override long? OtherContactId => RestoredId;
}

/// <summary>Delete &amp; forget: only the id, never a value of the person.</summary>
public sealed record ContactErased(string TenantId, long ContactId) : ContactNotification(TenantId, ContactId)
{
    public override string EventType => CrmEventTypes.ContactErased;
    public override bool CarriesContact => false;
}

public sealed record DoNotContactSet(string TenantId, long ContactId, string Reason) : ContactNotification(TenantId, ContactId)
{
    public override string EventType => CrmEventTypes.DoNotContactSet;
}

public sealed record DoNotContactLifted(string TenantId, long ContactId) : ContactNotification(TenantId, ContactId)
{
    public override string EventType => CrmEventTypes.DoNotContactLifted;
}

/// <summary>Two contacts look like one person but the evidence was not trustworthy: a merge review waits.</summary>
/// <param name="ContactId">The contact the evidence went to.</param>
/// <param name="CandidateId">The contact it may be the same person as.</param>
public sealed record ReviewQueued(string TenantId, long ReviewId, long ContactId, long CandidateId, string ReasonCode)
    : ContactNotification(TenantId, ContactId)
{
    public override string EventType => CrmEventTypes.ReviewQueued;
    public override long? OtherContactId => CandidateId;
    public override bool CarriesContact => false;
}

/// <summary>A CSV import finished: counts only.</summary>
public sealed record ImportCompleted(
    string TenantId, string ImportId, int Rows, int Created, int Attached, int Merged, int QueuedForReview, int Failed) : CrmNotification(TenantId)
{
    public override string EventType => CrmEventTypes.ImportCompleted;
    public override long? OrderKey => null;
    public override bool CarriesContact => false;
}
