using System.Text.Json;

// The native event format is how events are written, whoever reads them (the events API, the rule editor's sample).
namespace Comerix.Crm.Ingestion;

/// <summary>
/// One event as <c>POST /api/crm/events</c> takes it. Everything is optional here so that a missing field is
/// named by the event validator ("id is required") rather than by the JSON reader.
/// </summary>
internal sealed record NativeEventJson
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
    /// <summary>
    /// Values of the site's contact fields, by key: a string, number or boolean, or an array of strings for a
    /// several-of-a-list field; null leaves the contact's value as it is.
    /// </summary>
    public Dictionary<string, JsonElement>? Fields { get; init; }
    /// <summary>Any JSON object, kept with the activity; identity rules read their fields from it.</summary>
    public JsonElement? Payload { get; init; }
    /// <summary>The record elsewhere the event refers to (a chat, a form submission), shown as a link on the timeline.</summary>
    public NativeRecordJson? Record { get; init; }
    public NativeConversionJson? Conversion { get; init; }
}

internal sealed record NativeClaimJson
{
    /// <summary>customer_id, email, phone, external_ref, conversation_id or visitor_id.</summary>
    public string? Type { get; init; }
    public string? Value { get; init; }
    /// <summary>True when your system has checked it (a signed-in user's email, a paid order's customer id).</summary>
    public bool Verified { get; init; }
}

internal sealed record NativeRecordJson
{
    public string? Kind { get; init; }
    public string? Id { get; init; }
}

internal sealed record NativeConversionJson
{
    public decimal? Value { get; init; }
    /// <summary>ISO 4217, e.g. EUR.</summary>
    public string? Currency { get; init; }
}

/// <summary>The batch form: <c>{ "events": [ … ] }</c>.</summary>
internal sealed record NativeEventBatchJson
{
    public List<NativeEventJson>? Events { get; init; }
}
