using Comerix.Crm.Api;
using Comerix.Crm.Api.Browser;
using Comerix.Crm.Api.Native;
using Comerix.Crm.Api.Privacy;
using Comerix.Crm.Api.Read;
using Comerix.Crm.Api.Security;
using Comerix.Crm.Api.Segment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RequestDecompression;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Comerix.Crm;

/// <summary>
/// The module's endpoints besides its Razor Pages (the admin under Crm:AdminPath, /admin/customers by default), which the host's
/// <c>MapRazorPages()</c> serves together with its own: the events API, the Segment Spec endpoints,
/// the browser SDKs' settings and preflights, the read API and their OpenAPI document.
/// </summary>
public static class CrmEndpointRouteBuilderExtensions
{
    public const string OpenApiDocument = "crm";

    public static IEndpointRouteBuilder MapComerixCrm(this IEndpointRouteBuilder endpoints)
    {
        // The ingestion endpoints decode gzip and deflate themselves, bounded (JsonRequestBody). ASP.NET Core's
        // request decompression would decode first, with none of those bounds (no ratio check, raw deflate only,
        // and br too), leaving them a body already inflated; it has no way to leave some endpoints alone.
        if (endpoints.ServiceProvider.GetService(typeof(IRequestDecompressionProvider)) is not null)
        {
            throw new InvalidOperationException(
                "AddRequestDecompression() is registered: the CRM's ingestion endpoints decompress their bodies themselves, " +
                "within their limits, and must receive them as sent. Remove AddRequestDecompression/UseRequestDecompression.");
        }

        var api = endpoints.MapGroup("/api/crm")
            .WithMetadata(CrmApiEndpointMetadata.Instance)
            .AddEndpointFilter<FeatureGateFilter>()
            .AddEndpointFilter(ApiRateLimiter.Filter)
            .AddEndpointFilter(Text.StorableTextEndpointFilter.Filter)
            .WithGroupName(OpenApiDocument)
            .WithTags("Comerix CRM");
        api.MapPost("/events", NativeEventsEndpoint.HandleAsync)
            .RequireAuthorization(CrmApiAuthentication.IngestPolicy)
            .WithName("crm-events")
            .WithSummary("Send one event, { \"events\": [...] } or an array of events. Answers after every event is committed. The body may be sent with Content-Encoding: gzip or deflate (1 MiB decompressed at most).")
            .DocumentsJsonBody<Ingestion.NativeEventBatchJson>("One event, { \"events\": [...] }, or an array of events.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/do-not-contact", DoNotContactEndpoints.MarkAsync)
            .RequireAuthorization(CrmApiAuthentication.IngestPolicy)
            .WithName("crm-do-not-contact")
            .WithSummary("Mark the contact holding an identifier do not contact: { \"type\": \"email\", \"value\": \"…\", \"reason\": \"unsubscribed\" } (what an unsubscribe, bounce or complaint webhook sends). Repeating it changes nothing.")
            .DocumentsJsonBody<DoNotContactMarkJson>("The identifier naming the person, and why they must not be contacted.")
            .ProducesDoNotContactProblems();
        api.MapPost("/do-not-contact/lift", DoNotContactEndpoints.LiftAsync)
            .RequireAuthorization(CrmApiAuthentication.IngestPolicy)
            .WithName("crm-do-not-contact-lift")
            .WithSummary("Allow the contact holding an identifier to be contacted again: { \"type\", \"value\", \"why\" }; why goes on their timeline.")
            .DocumentsJsonBody<DoNotContactLiftJson>("The identifier naming the person, and in words why they may be contacted again.")
            .ProducesDoNotContactProblems();
        api.MapGet("/contacts", ContactsReadEndpoints.ListAsync)
            .RequireAuthorization(CrmApiAuthentication.ListPolicy)
            .WithName("crm-contacts")
            .WithSummary("Contacts, most recent activity first, 25 a page: q (name, email, phone), source, audience (identified, all, anonymous), tag, seen (7d, 30d, 90d, before-90d), contactable (yes, no), stage, owner, segment (an id), page. A signed-in user needs comerix.crm.export besides comerix.crm.view: paged through, the list is a bulk copy.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/contacts/{id:long}", ContactsReadEndpoints.GetAsync)
            .RequireAuthorization(CrmApiAuthentication.ReadPolicy)
            .WithName("crm-contact")
            .WithSummary("One contact: profile, identifiers, traits, summary. A merged-away id answers with its survivor.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/contacts/{id:long}/activities", ContactsReadEndpoints.ActivitiesAsync)
            .RequireAuthorization(CrmApiAuthentication.ReadPolicy)
            .WithName("crm-contact-activities")
            .WithSummary("A contact's timeline, newest first, 100 a page.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/segments", SegmentsReadEndpoints.ListAsync)
            .RequireAuthorization(CrmApiAuthentication.ReadPolicy)
            .WithName("crm-segments")
            .WithSummary("The team's segments: id, name, match (all or any) and conditions.");
        api.MapGet("/segments/{id:long}/contacts", SegmentsReadEndpoints.ContactsAsync)
            .RequireAuthorization(CrmApiAuthentication.ListPolicy)
            .WithName("crm-segment-contacts")
            .WithSummary("A segment's members, most recent activity first, 25 a page (page), identified or not. Like /contacts, a signed-in user needs comerix.crm.export besides comerix.crm.view.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        MapPrivacy(api);

        MapSegment(endpoints);
        MapBrowserSupport(endpoints);

        endpoints.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return endpoints;
    }

    /// <summary>The Segment short routes analytics.js posts to (<c>/v1/t</c> for track: the type's first letter).</summary>
    private static string ShortRoute(string? type) => type is null ? "b" : type[..1];

    /// <summary>
    /// The Segment Spec routes: one per message type, its short form (/v1/t, /v1/i, …, what analytics.js posts), and
    /// /v1/batch (/v1/b). Server keys and browser keys (<see cref="BrowserEndpoint"/>: CORS for their origins, the
    /// key also as <c>writeKey</c> in the body).
    /// </summary>
    private static void MapSegment(IEndpointRouteBuilder endpoints)
    {
        var segment = endpoints.MapGroup("/v1")
            .WithMetadata(CrmApiEndpointMetadata.Instance, BrowserEndpoint.Ingest)
            // CORS first, so a listed origin can read every answer, a 404 or a 429 too.
            .AddEndpointFilter(BrowserCors.Filter)
            .AddEndpointFilter<FeatureGateFilter>()
            .AddEndpointFilter(ApiRateLimiter.Filter)
            .AddEndpointFilter(Text.StorableTextEndpointFilter.Filter)
            .RequireAuthorization(CrmApiAuthentication.IngestPolicy)
            .WithGroupName(OpenApiDocument)
            .WithTags("Segment Spec");
        // One endpoint per message type, and /v1/batch (no implied type: each message names its own).
        foreach (var type in SegmentMessageReader.Types.Append<string?>(null))
        {
            foreach (var route in new[] { type ?? "batch", ShortRoute(type) })
            {
                var shortForm = route.Length == 1;
                segment.MapPost($"/{route}", (HttpRequest request, Ingestion.ICrmEventSink sink, CrmApiOptions options, TimeProvider time) =>
                        SegmentEndpoints.HandleAsync(type, request, sink, options, time))
                    .WithName($"segment-{route}")
                    .WithSummary((type, shortForm) switch
                    {
                        (null, false) => "Segment Spec batch: { \"batch\": [messages], \"sentAt\" }. What analytics-node, RudderStack's node SDK (gzipped, labelled a form) and other server libraries send.",
                        (null, true) => "Segment Spec batch, as analytics.js's batching mode posts it: { \"writeKey\", \"batch\": [messages], \"sentAt\" }.",
                        (_, false) => $"Segment Spec {type}: HTTP Basic with the API key as user name (Segment's write key), or \"writeKey\" in the body.",
                        (_, true) => $"Segment Spec {type}, the short route analytics.js posts to (text/plain JSON with \"writeKey\", and Basic auth).",
                    })
                    .ProducesProblem(StatusCodes.Status400BadRequest)
                    .ProducesProblem(StatusCodes.Status401Unauthorized)
                    .ProducesProblem(StatusCodes.Status403Forbidden)
                    .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                    .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
                    .ProducesProblem(StatusCodes.Status429TooManyRequests);
            }
        }
    }

    /// <summary>
    /// What the browser SDKs need besides the Segment routes, all without a key in a header: their settings
    /// (analytics.js's CDN settings, RudderStack's source config), analytics.js's metrics (dropped), and the CORS
    /// preflights of every browser route. Rate-limited per client address (the settings per address and key, once
    /// the key is known valid: <see cref="BrowserEndpoint.Settings"/>).
    /// </summary>
    private static void MapBrowserSupport(IEndpointRouteBuilder endpoints)
    {
        var browser = endpoints.MapGroup("")
            .WithMetadata(CrmApiEndpointMetadata.Instance, BrowserEndpoint.Other)
            .AddEndpointFilter(BrowserCors.Filter)
            .AddEndpointFilter<FeatureGateFilter>()
            .AddEndpointFilter(ApiRateLimiter.Filter)
            .AllowAnonymous()
            .WithGroupName(OpenApiDocument)
            .WithTags("Browser SDKs");
        browser.MapPost("/v1/m", BrowserSettingsEndpoints.MetricsAsync)
            .WithName("segment-metrics")
            .WithSummary("analytics.js's own metrics (error counts): read within the body limits and dropped. No key needed.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        browser.MapGet("/v1/projects/{writeKey}/settings", BrowserSettingsEndpoints.SegmentSettingsAsync)
            .WithMetadata(BrowserEndpoint.Settings)
            .WithName("segment-settings")
            .WithSummary("analytics.js's CDN settings for a browser key (AnalyticsBrowser.load({ writeKey, cdnURL: this site })): " +
                "sends its events to this site's /v1. 404 for anything but a live browser key.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        browser.MapGet("/sourceConfig", BrowserSettingsEndpoints.RudderStackSourceConfigAsync)
            .WithMetadata(BrowserEndpoint.Settings)
            .WithName("rudderstack-source-config")
            .WithSummary("RudderStack JS SDK's source config for a browser key (load(writeKey, dataPlaneUrl, { configUrl: this site })), " +
                "writeKey from the query or Basic auth; also /sourceConfig/. No destinations. 404 for anything but a live browser key.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var preflight = endpoints.MapGroup("")
            .WithMetadata(CrmApiEndpointMetadata.Instance, BrowserEndpoint.Other)
            .AddEndpointFilter<FeatureGateFilter>()
            .AllowAnonymous()
            .WithGroupName(OpenApiDocument)
            .WithTags("Browser SDKs");
        var routes = SegmentMessageReader.Types.Append<string?>(null)
            .SelectMany(type => new[] { $"/v1/{type ?? "batch"}", $"/v1/{ShortRoute(type)}" })
            .Concat(["/v1/m", "/v1/projects/{writeKey}/settings", "/sourceConfig"]);
        foreach (var route in routes)
        {
            preflight.MapMethods(route, [HttpMethods.Options], (Delegate)BrowserCors.PreflightAsync)
                .WithName($"preflight{route.Replace('/', '-').Replace("{", "").Replace("}", "")}")
                .WithSummary("CORS preflight: 204 with the methods and headers the browser SDKs send, for an origin a live browser key lists; " +
                    "403 for any other origin, or none.")
                .ProducesProblem(StatusCodes.Status403Forbidden);
        }
    }

    /// <summary>Privacy requests: erasure (a key with the privacy scope) and one person's data (such a key, or comerix.crm.pii.export).</summary>
    private static void MapPrivacy(RouteGroupBuilder api)
    {
        api.MapPost("/erasure", PrivacyEndpoints.EraseAsync)
            .RequireAuthorization(CrmApiAuthentication.PrivacyPolicy)
            .WithName("crm-erasure")
            .WithSummary("Delete & forget one person, named by { \"type\": \"email\", \"value\": \"…\" } or { \"contactId\": 123 }, with \"suppress\": true to " +
                "never re-create them. 200 when completed; 202 while partial (some store could not be reached yet: it is retried), with Location. " +
                "404 when no contact holds the identifier (with suppress, it is suppressed all the same). A key with the privacy scope.")
            .DocumentsJsonBody<ErasureRequestJson>("The person, by an identifier (type and value) or by contactId, and whether to suppress them.")
            .ProducesPersonRequestProblems();
        api.MapGet("/erasure/{id:long}", PrivacyEndpoints.StatusAsync)
            .RequireAuthorization(CrmApiAuthentication.PrivacyPolicy)
            .WithName("crm-erasure-status")
            .WithSummary("An erasure request's status: partial (pending names what is left) or completed, with counts (never values).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/contacts/{id:long}/export", PrivacyEndpoints.ExportAsync)
            .RequireAuthorization(CrmApiAuthentication.PersonalDataExportPolicy)
            .WithName("crm-contact-export")
            .WithSummary("Everything held about one person, as one JSON document (access and portability): profile, identifiers, traits, tags, " +
                "notes, do-not-contact, the timeline with payloads and the records other stores hold. A merged-away id answers with its survivor; " +
                "an erased person is 410. Audited. A key with the privacy scope, or a signed-in user with comerix.crm.view and comerix.crm.pii.export.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
    }

    /// <summary>
    /// Documents a JSON request body in the OpenAPI document. Not Accepts(): that would make routing answer a wrong
    /// content type with a bare 415 before the endpoint can say what is wrong.
    /// </summary>
    private static RouteHandlerBuilder DocumentsJsonBody<T>(this RouteHandlerBuilder builder, string description) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken) },
                },
            });

    private static RouteHandlerBuilder ProducesDoNotContactProblems(this RouteHandlerBuilder builder) => builder
        .ProducesPersonRequestProblems()
        .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>A JSON body naming one person, sent with a key: what can go wrong before and at the lookup.</summary>
    private static RouteHandlerBuilder ProducesPersonRequestProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
