using System.Text.Json;
using Comerix.Crm.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Comerix.Crm.Api;

/// <summary>
/// Reads an ingestion request's body within the size limit and parses it, or says exactly what is wrong with it.
/// The body is read whole before anything is stored, so a request cut off half-way stores nothing. A body sent with
/// <c>Content-Encoding: gzip</c> or <c>deflate</c> is decompressed here, bounded (see <see cref="RequestBodyReader"/>),
/// so every endpoint that takes a body takes it compressed.
/// </summary>
internal static class JsonRequestBody
{
    private const string KeptItem = "crm:json-body";

    private sealed record Kept(JsonDocument? Document, ProblemHttpResult? Problem);

    /// <summary>
    /// Reads the body as <see cref="ReadAsync"/> does and keeps the outcome for the endpoint
    /// (<see cref="TakeOrReadAsync"/>): authentication reads a body that carries its key (<c>writeKey</c>), and a
    /// request body can be read once. The document is disposed with the response if no endpoint takes it.
    /// </summary>
    public static async Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadAndKeepAsync(HttpRequest request, CrmApiOptions options,
        bool formLabelledJson = false)
    {
        var (document, problem) = await ReadAsync(request, options, formLabelledJson);
        request.HttpContext.Items[KeptItem] = new Kept(document, problem);
        if (document is not null)
        {
            request.HttpContext.Response.RegisterForDispose(document);
        }
        return (document, problem);
    }

    /// <summary>The outcome authentication kept, else the body read now.</summary>
    public static Task<(JsonDocument? Document, ProblemHttpResult? Problem)> TakeOrReadAsync(HttpRequest request, CrmApiOptions options,
        bool formLabelledJson = false)
    {
        if (request.HttpContext.Items.TryGetValue(KeptItem, out var value) && value is Kept kept)
        {
            request.HttpContext.Items.Remove(KeptItem);
            return Task.FromResult((kept.Document, kept.Problem));
        }
        return ReadAsync(request, options, formLabelledJson);
    }

    /// <summary>Why the body authentication read could not be read (413, 415, 400); null when it was, or was not read.</summary>
    public static IResult? KeptProblem(HttpContext context) =>
        context.Items.TryGetValue(KeptItem, out var value) && value is Kept kept ? kept.Problem : null;

    /// <param name="formLabelledJson">
    /// Also take a body labelled <c>application/x-www-form-urlencoded</c> when it is a JSON object: RudderStack's node
    /// SDK posts its gzipped JSON batch without a Content-Type of its own, so its HTTP library labels it a form.
    /// A real form body can never start with <c>{</c> (URL encoding writes it as <c>%7B</c>), so a body that does is
    /// taken as the JSON it is (and a syntax error in it is the usual 400); any other form body is still 415.
    /// </param>
    public static async Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CrmApiOptions options,
        bool formLabelledJson = false)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        var labelledAsForm = formLabelledJson && string.Equals(mediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        if (!IsJson(mediaType) && !labelledAsForm)
        {
            return (null, ApiProblems.UnsupportedMediaType());
        }
        var (coding, encodingProblem) = RequestBodyReader.CodingOf(request);
        if (encodingProblem is not null)
        {
            return (null, encodingProblem);
        }
        var (body, problem) = await RequestBodyReader.ReadAsync(request, coding, options);
        if (problem is not null)
        {
            return (null, problem);
        }
        using var buffer = body!;
        var json = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (json.IsEmpty)
        {
            return (null, ApiProblems.InvalidJson("The body is empty; send a JSON object."));
        }
        if (labelledAsForm && !StartsAnObject(json.Span))
        {
            return (null, ApiProblems.UnsupportedMediaType(
                "Send the body as application/json. A body labelled application/x-www-form-urlencoded is taken only when it is a JSON object."));
        }
        // Every endpoint that takes a body reads it here, so text no database can keep (NUL, half a surrogate pair)
        // is refused by its path before any endpoint sees it.
        var (document, parseProblem) = StorableJson.Parse(json);
        return parseProblem is null
            ? (document, null)
            : (null, ApiProblems.InvalidJson(parseProblem.Syntax
                ? $"The body is not valid JSON: {parseProblem.Detail}"
                : $"{parseProblem.Detail}; send text without it (nothing was stored)"));
    }

    private static bool IsJson(string? mediaType) =>
        mediaType is not null
        && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            // Segment's browser library posts JSON as text/plain to avoid a CORS preflight.
            || mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase));

    /// <summary>The first character after any white space is <c>{</c>.</summary>
    private static bool StartsAnObject(ReadOnlySpan<byte> utf8)
    {
        var start = utf8.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && utf8[start] == (byte)'{';
    }
}
