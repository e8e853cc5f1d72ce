using System.Text.Json;

namespace Comerix.Crm.Api.Native;

/// <summary>
/// One event as <c>POST /api/crm/events</c> takes it. Everything is optional here so that a missing field is
/// named by the event validator ("id is required") rather than by the JSON reader.
/// </summary>
public sealed record NativeEventJson
{
    /// <summary>Your id for the event: the idempotency key. A retry with the same id stores nothing new.</summary>
    public string? Id { get; init; }
    /// <summary>conversation, form, conversion, telemetry, note, or a custom type such as newsletter.signup.</summary>
    public string? Type { get; init; }
    /// <summary>What happened within the type: "started"/"message" for a conversation, a tracked action's name.</summary>
    public string? Name { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    /// <summary>The contact source if this event creates the contact: chat, form, conversion, manual, import, telemetry.</summary>
    public string? Source { get; init; }
    public List<NativeClaimJson?>? Claims { get; init; }
    /// <summary>Strings, numbers or booleans. name (or first_name/last_name) and company also fill a blank profile.</summary>
    public Dictionary<string, JsonElement>? Traits { get; init; }
    /// <summary>Any JSON object, kept with the activity; identity rules read their fields from it.</summary>
    public JsonElement? Payload { get; init; }
    /// <summary>The record elsewhere the event refers to (a chat, a form submission), shown as a link on the timeline.</summary>
    public NativeRecordJson? Record { get; init; }
    public NativeConversionJson? Conversion { get; init; }
}

public sealed record NativeClaimJson
{
    /// <summary>customer_id, email, phone, external_ref, conversation_id or visitor_id.</summary>
    public string? Type { get; init; }
    public string? Value { get; init; }
    /// <summary>True when your system has checked it (a signed-in user's email, a paid order's customer id).</summary>
    public bool Verified { get; init; }
}

public sealed record NativeRecordJson
{
    public string? Kind { get; init; }
    public string? Id { get; init; }
}

public sealed record NativeConversionJson
{
    public decimal? Value { get; init; }
    /// <summary>ISO 4217, e.g. EUR.</summary>
    public string? Currency { get; init; }
}

/// <summary>The batch form: <c>{ "events": [ … ] }</c>.</summary>
public sealed record NativeEventBatchJson
{
    public List<NativeEventJson>? Events { get; init; }
}

/// <summary>The answer: one result per event, in the order sent.</summary>
public sealed record NativeIngestResponse(int Accepted, IReadOnlyList<NativeEventResult> Events);

/// <param name="Outcome">created, attached, merged, queued_for_review, unattributed, or duplicate for a retry of a stored event.</param>
public sealed record NativeEventResult(string Id, string Outcome, long? ContactId, IReadOnlyList<NativeDroppedClaim> DroppedClaims);

/// <summary>A claim that did not become an identifier, and why (junk, invalid, over_limit). The value is never echoed.</summary>
public sealed record NativeDroppedClaim(string Type, string Reason, string Detail);
