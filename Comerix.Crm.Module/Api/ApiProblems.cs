using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Comerix.Crm.Api;

/// <summary>
/// Every error the APIs return is <c>application/problem+json</c> (RFC 9457) with a stable <c>type</c> a client can
/// switch on, a <c>detail</c> that names the problem, and where useful the list of <c>errors</c>.
/// </summary>
internal static class ApiProblems
{
    public const string TypeBase = "https://comerix.example/problems/";

    public static ProblemHttpResult Create(int status, string type, string title, string detail, IReadOnlyList<string>? errors = null)
    {
        var extensions = errors is { Count: > 0 } ? new Dictionary<string, object?> { ["errors"] = errors } : null;
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + type, extensions: extensions);
    }

    public static ProblemHttpResult InvalidJson(string detail) =>
        Create(StatusCodes.Status400BadRequest, "invalid-json", "The body is not the JSON this endpoint expects", detail);

    public static ProblemHttpResult InvalidEvents(IReadOnlyList<string> errors) =>
        Create(StatusCodes.Status400BadRequest, "invalid-events", "Some events are not valid; nothing was stored",
            errors.Count == 1 ? errors[0] : $"{errors.Count} problems; see errors.", errors);

    /// <param name="decoded">The limit was crossed decompressing the body (it applies to the decompressed bytes).</param>
    public static ProblemHttpResult TooLarge(int limit, bool decoded = false) =>
        Create(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The body is too large",
            $"Request bodies are limited to {limit:N0} bytes{(decoded ? " once decompressed" : "")}; send less per request (fewer events in a batch).");

    public static ProblemHttpResult CompressionBomb(string coding, int ratio) =>
        Create(StatusCodes.Status413PayloadTooLarge, "compression-ratio", "The body inflates too far",
            $"The {coding} body inflates to more than {ratio} times its compressed size, which no JSON batch does, and was refused " +
            "without being read further (a decompression bomb). Nothing was stored; send it uncompressed if it is what you meant.");

    public static ProblemHttpResult CorruptBody(string coding, string why) =>
        Create(StatusCodes.Status400BadRequest, "invalid-compressed-body", "The compressed body cannot be decoded",
            $"The body is not valid {coding}: {why}. Nothing was stored.");

    public static ProblemHttpResult UnsupportedEncoding(string detail) =>
        Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-content-encoding", "Send the body with gzip or deflate, or uncompressed", detail);

    public static ProblemHttpResult UnsupportedMediaType(string detail = "Send the body as application/json.") =>
        Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Send JSON", detail);

    public static ProblemHttpResult NotFound(string detail) =>
        Create(StatusCodes.Status404NotFound, "not-found", "Not found", detail);
}
