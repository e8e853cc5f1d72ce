using System.Text.Json;
using System.Text.Json.Serialization;

namespace Comerix.Crm.Contacts.Segments;

/// <summary>
/// One test a segment's members pass: a subject (<see cref="SegmentSubjects"/>: a profile field, "field:key" for a
/// custom field, tag, stage, owner, activity…), a test from those the subject offers, and what the test needs.
/// Stored as JSON in the segment's row, exactly this shape.
/// </summary>
/// <param name="Value">What the subject is compared with: text, a number, a date (yyyy-MM-dd), a tag, stage key or owner.</param>
/// <param name="EventType">An activity condition's event type ("conversion", "form", a custom type).</param>
/// <param name="EventName">An activity condition's event name (a Segment track's "Signed Up"); null for any.</param>
/// <param name="Times">An activity condition's "at least N times" (1 when not given).</param>
/// <param name="Days">"In the last D days" (activity, conversion total, first/last seen).</param>
internal sealed record SegmentCondition(
    string Subject, string Test, string? Value = null, string? EventType = null, string? EventName = null, int? Times = null, int? Days = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static string ToJson(IReadOnlyList<SegmentCondition> conditions) => JsonSerializer.Serialize(conditions, Json);

    /// <summary>The conditions a segment's row keeps; none when the text is not such a list (never thrown).</summary>
    public static IReadOnlyList<SegmentCondition> FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<List<SegmentCondition>>(json, Json)?.Where(c => c is { Subject: not null, Test: not null }).ToList() ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

/// <summary>"all": every condition holds; "any": at least one does.</summary>
internal static class SegmentMatch
{
    public const string All = "all";
    public const string Any = "any";

    public static string? Canonical(string? match) => match?.Trim().ToLowerInvariant() switch
    {
        All => All,
        Any => Any,
        _ => null,
    };
}
