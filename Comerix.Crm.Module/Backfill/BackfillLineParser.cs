using System.Globalization;
using System.Text.Json;
using Comerix.Crm.Api.Segment;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Text;

namespace Comerix.Crm.Backfill;

/// <summary>
/// One line of a backfill file: a native event (what <c>POST /api/crm/events</c> takes) or a Segment message (what
/// <c>/v1/batch</c> takes, one message), read by those endpoints' own readers, so a line is accepted here exactly when
/// the API would accept it. The JSON is refused first, as every request body is, when it is not JSON, nests deeper than
/// 32 levels, or holds text no database can keep (NUL, half a surrogate pair); a line that is not UTF-8 is refused as such.
/// </summary>
internal static class BackfillLineParser
{
    /// <summary>
    /// Fields only a Segment message has: a native event refuses a field it does not know, so a line that holds any of
    /// these can only be meant as Segment.
    /// </summary>
    private static readonly string[] SegmentOnlyFields =
    [
        "messageId", "userId", "anonymousId", "previousId", "groupId", "event", "timestamp", "originalTimestamp",
        "sentAt", "receivedAt", "context", "properties", "integrations",
    ];

    private static readonly string[] NativeRequiredFields = ["id", "occurredAt", "claims"];

    /// <param name="now">When a Segment message says neither when it was received nor when it was sent.</param>
    /// <returns>The event, or why the line is refused.</returns>
    public static (CrmEvent? Event, string? Problem) Parse(ReadOnlyMemory<byte> line, DateTimeOffset now)
    {
        // The JSON parser checks UTF-8 only where it decodes a string, later, and then says "wrong type": say it plainly.
        if (!System.Text.Unicode.Utf8.IsValid(line.Span))
        {
            return (null, "the line is not valid UTF-8 text");
        }
        var (document, problem) = StorableJson.Parse(line);
        if (problem is not null)
        {
            return (null, problem.Syntax ? $"not valid JSON: {problem.Detail}" : problem.Detail);
        }
        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "a line must hold one JSON object: a native event or a Segment message");
            }
            if (root.TryGetProperty("events", out _) || root.TryGetProperty("batch", out _))
            {
                return (null, "a line holds one event, not a batch ({ \"events\": [...] } or { \"batch\": [...] }): put each event on a line of its own");
            }
            try
            {
                return IsSegment(root) ? ReadSegment(root, now) : ReadNative(root);
            }
            catch (InvalidOperationException)
            {
                // System.Text.Json refuses to turn an escaped lone surrogate into a string (StorableJson refuses them first).
                return (null, "a string holds an unpaired UTF-16 surrogate escape (invalid Unicode)");
            }
        }
    }

    private static bool IsSegment(JsonElement root)
    {
        if (SegmentOnlyFields.Any(field => root.TryGetProperty(field, out _)))
        {
            return true;
        }
        return root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            && SegmentMessageReader.Types.Contains(type.GetString())
            && !NativeRequiredFields.Any(field => root.TryGetProperty(field, out _));
    }

    private static (CrmEvent?, string?) ReadNative(JsonElement root)
    {
        // Shape only: the tenant's identity rules may still add the claims an event lacks (validated after them).
        var (events, errors) = NativeEventReader.Read(root, maxEvents: 1, validate: false);
        return errors.Count > 0 ? (null, string.Join("; ", errors)) : (events[0], null);
    }

    private static (CrmEvent?, string?) ReadSegment(JsonElement root, DateTimeOffset now)
    {
        var errors = new List<string>();
        var evt = SegmentMessageReader.Read(root, impliedType: null, batchSentAt: null, ReceivedAt(root, now), prefix: "", errors);
        return errors.Count > 0 || evt is null ? (null, "Segment message: " + string.Join("; ", errors)) : (evt, null);
    }

    /// <summary>
    /// Segment corrects the sender's clock with receivedAt − (sentAt − timestamp). A message from an export carries its
    /// receivedAt; one without it is taken as received when sent (its timestamp stands as it is), never as received now.
    /// </summary>
    private static DateTimeOffset ReceivedAt(JsonElement root, DateTimeOffset now) =>
        Time(root, "receivedAt") ?? Time(root, "sentAt") ?? now;

    private static DateTimeOffset? Time(JsonElement root, string field) =>
        root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
}
