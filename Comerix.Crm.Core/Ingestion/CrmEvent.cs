using Comerix.Crm.Identity;

namespace Comerix.Crm.Ingestion;

/// <summary>Something a person did, handed to the engine by a source module or the HTTP API.</summary>
public sealed record CrmEvent
{
    /// <summary>The idempotency key: a second event with the same id (per tenant) changes nothing.</summary>
    public required string Id { get; init; }
    /// <summary>conversation, form, conversion, telemetry, note, or a custom type.</summary>
    public required string Type { get; init; }
    /// <summary>
    /// What happened within the type: "started" or "message" for a conversation, the event name of a tracked
    /// action ("Order Completed"). Identity rules trigger on it; it is not stored.
    /// </summary>
    public string? Name { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    /// <summary>The contact source to use if this event creates the contact; defaults from <see cref="Type"/>.</summary>
    public string? Source { get; init; }
    public IReadOnlyList<IdentityClaim> Claims { get; init; } = [];
    /// <summary>Descriptive attributes. "name" (or "first_name"/"last_name") and "company" also fill a blank profile.</summary>
    public IReadOnlyDictionary<string, string>? Traits { get; init; }
    /// <summary>
    /// Values of the site's contact fields, by field key (several for a several-of-a-list field), as the native API's
    /// <c>fields</c> gives them. The engine ignores them: the directory sets them on the contact the event resolves to.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Fields { get; init; }
    /// <summary>The record elsewhere this event refers to; becomes a contact link (<c>ContactLink</c>).</summary>
    public SourceRecordRef? Record { get; init; }
    public ConversionValue? Conversion { get; init; }
    /// <summary>Free-form JSON object kept with the activity.</summary>
    public string? PayloadJson { get; init; }
    /// <summary>A contact the source already knows (a note an admin writes on a contact, say).</summary>
    public long? ContactId { get; init; }
}

public sealed record SourceRecordRef(string Kind, string Id);

public sealed record ConversionValue(decimal Value, string Currency);
