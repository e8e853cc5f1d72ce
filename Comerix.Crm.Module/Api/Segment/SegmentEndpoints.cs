using System.Text.Json;
using Comerix.Crm.Api.Keys;
using Comerix.Crm.Api.Native;
using Comerix.Crm.Api.Security;
using Comerix.Crm.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Comerix.Crm.Api.Segment;

/// <summary>
/// The Segment HTTP Tracking API: <c>/v1/{identify,track,page,screen,alias,group}</c> take one message,
/// <c>/v1/batch</c> takes <c>{ "batch": [...], "sentAt", "context" }</c>. Answers <c>{ "success": true }</c>
/// once every message is committed; a retried messageId is stored once.
/// </summary>
internal static class SegmentEndpoints
{
    public static async Task<Results<Ok<SegmentAckJson>, ProblemHttpResult>> HandleAsync(string? type, HttpRequest request, ICrmEventSink sink, CrmApiOptions options, TimeProvider time)
    {
        // RudderStack's node SDK labels its JSON a form (see JsonRequestBody); the Segment routes are where it sends.
        var (document, problem) = await JsonRequestBody.TakeOrReadAsync(request, options, formLabelledJson: true);
        if (problem is not null)
        {
            return problem;
        }
        using (document)
        {
            var root = document!.RootElement;
            var receivedAt = time.GetUtcNow();
            var fromBrowser = request.HttpContext.User.HasClaim(CrmApiAuthentication.KeyKindClaim, ApiKeyKinds.Browser);
            var errors = new List<string>();
            var events = new List<CrmEvent>();
            try
            {
                if (type is not null)
                {
                    var evt = SegmentMessageReader.Read(root, type, batchSentAt: null, receivedAt, "", errors, fromBrowser);
                    if (evt is not null)
                    {
                        events.Add(evt);
                    }
                }
                else if (fromBrowser && BrowserBatchTooLarge(root, options) is { } tooLarge)
                {
                    return tooLarge;
                }
                else
                {
                    ReadBatch(root, receivedAt, options, errors, events, fromBrowser);
                }
            }
            catch (InvalidOperationException)
            {
                // System.Text.Json refuses to turn an escaped lone surrogate ("\ud800") into a string.
                errors.Add("a string holds an unpaired UTF-16 surrogate escape (invalid Unicode)");
            }
            if (errors.Count > 0)
            {
                return ApiProblems.InvalidEvents(errors);
            }
            // A browser key pays a token per event (the request paid the first), so a batch is no way around its limits.
            if (fromBrowser && request.HttpContext.RequestServices.GetRequiredService<ApiRateLimiter>()
                    .ChargeBatch(request.HttpContext, events.Count) is { } tooMany)
            {
                return tooMany;
            }
            var (_, ingestProblem) = await NativeEventsEndpoint.IngestAsync(sink, events, request.HttpContext.RequestAborted);
            return ingestProblem is null ? TypedResults.Ok(SegmentAckJson.Stored) : ingestProblem;
        }
    }

    /// <summary>413 for a browser key's batch of more events than <see cref="CrmApiOptions.BrowserMaxEventsPerRequest"/>.</summary>
    private static ProblemHttpResult? BrowserBatchTooLarge(JsonElement root, CrmApiOptions options)
    {
        var count = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("batch", out var batch) && batch.ValueKind == JsonValueKind.Array
            ? batch.GetArrayLength()
            : 0;
        return count <= options.BrowserMaxEventsPerRequest
            ? null
            : ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, "too-many-events", "Too many events in one batch",
                $"A batch sent with a browser key carries at most {options.BrowserMaxEventsPerRequest} events; this one has {count}. " +
                "Send them in smaller batches (nothing was stored).");
    }

    private static void ReadBatch(JsonElement root, DateTimeOffset receivedAt, CrmApiOptions options, List<string> errors, List<CrmEvent> events,
        bool fromBrowser)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("batch", out var batch) || batch.ValueKind != JsonValueKind.Array)
        {
            errors.Add("the body must be { \"batch\": [ messages ] }");
            return;
        }
        var count = batch.GetArrayLength();
        if (count == 0 || count > options.MaxEventsPerRequest)
        {
            errors.Add($"a batch carries 1 to {options.MaxEventsPerRequest} messages; this one has {count}");
            return;
        }
        DateTimeOffset? sentAt = null;
        if (root.TryGetProperty("sentAt", out var sent) && sent.ValueKind == JsonValueKind.String)
        {
            sentAt = sent.TryGetDateTimeOffset(out var parsed) ? parsed : null;
            if (sentAt is null)
            {
                errors.Add("sentAt must be an ISO 8601 date-time");
            }
        }
        var i = 0;
        foreach (var message in batch.EnumerateArray())
        {
            if (SegmentMessageReader.Read(message, impliedType: null, sentAt, receivedAt, $"batch[{i}]: ", errors, fromBrowser) is { } evt)
            {
                events.Add(evt);
            }
            i++;
        }
    }
}

/// <summary>What Segment's tracking API answers a stored message or batch: <c>{ "success": true }</c>.</summary>
internal sealed record SegmentAckJson(bool Success)
{
    public static readonly SegmentAckJson Stored = new(true);
}
