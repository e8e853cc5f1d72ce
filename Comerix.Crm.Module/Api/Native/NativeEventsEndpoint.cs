using Comerix.Crm.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Comerix.Crm.Api.Native;

/// <summary><c>POST /api/crm/events</c>: one event or a batch; 200 only after every event is committed.</summary>
internal static class NativeEventsEndpoint
{
    public static async Task<Results<Ok<NativeIngestResponse>, ProblemHttpResult>> HandleAsync(HttpRequest request, ICrmEventSink sink, CrmApiOptions options)
    {
        var (document, problem) = await JsonRequestBody.ReadAsync(request, options);
        if (problem is not null)
        {
            return problem;
        }
        using (document)
        {
            // The shape is checked here; the rest after the identity rules ran (in the sink): rules may add the claims an event lacks.
            var (events, errors) = NativeEventReader.Read(document!.RootElement, options.MaxEventsPerRequest, validate: false);
            if (errors.Count > 0)
            {
                return ApiProblems.InvalidEvents(errors);
            }
            var results = await IngestAsync(sink, events, request.HttpContext.RequestAborted);
            if (results.Problem is { } refused)
            {
                return refused;
            }
            return TypedResults.Ok(new NativeIngestResponse(
                results.Results!.Count,
                results.Results.Select(r => new NativeEventResult(r.EventId, IngestOutcomes.Name(r.Outcome), r.ContactId,
                    r.DroppedClaims.Select(d => new NativeDroppedClaim(d.Type, d.Reason, d.Detail)).ToList())).ToList()));
        }
    }

    /// <summary>Hands events to the sink; the identity rules may still find a problem, which is then the client's 400.</summary>
    internal static async Task<(IReadOnlyList<IngestResult>? Results, ProblemHttpResult? Problem)> IngestAsync(
        ICrmEventSink sink, IReadOnlyList<CrmEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            return (await sink.SendBatchAsync(events, cancellationToken), null);
        }
        catch (CrmValidationException ex)
        {
            return (null, ApiProblems.InvalidEvents(ex.Errors));
        }
    }
}
