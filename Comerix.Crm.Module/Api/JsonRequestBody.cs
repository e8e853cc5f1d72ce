using System.Text.Json;
using Comerix.Crm.Text;
using Microsoft.AspNetCore.Http;

namespace Comerix.Crm.Api;

/// <summary>
/// Reads an ingestion request's body within the size limit and parses it, or says exactly what is wrong with it.
/// The body is read whole before anything is stored, so a request cut off half-way stores nothing.
/// </summary>
internal static class JsonRequestBody
{
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpRequest request, CrmApiOptions options)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, ApiProblems.UnsupportedMediaType());
        }
        var limit = options.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            return (null, ApiProblems.TooLarge(limit));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, ApiProblems.TooLarge(limit));
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return (null, ApiProblems.InvalidJson("The body is empty; send a JSON object."));
        }
        // Every endpoint that takes a body reads it here, so text no database can keep (NUL, half a surrogate pair)
        // is refused by its path before any endpoint sees it.
        var (document, problem) = StorableJson.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        return problem is null
            ? (document, null)
            : (null, ApiProblems.InvalidJson(problem.Syntax
                ? $"The body is not valid JSON: {problem.Detail}"
                : $"{problem.Detail}; send text without it (nothing was stored)"));
    }

    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            // Segment's browser library posts JSON as text/plain to avoid a CORS preflight.
            || mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Turns System.Text.Json's messages (which name .NET types) into ones that name the JSON.</summary>
internal static class JsonErrors
{
    public static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }
        if (cut >= 0)
        {
            message = message[..cut].TrimEnd('.', ' ', '|');
        }
        if (ex.Path is { } path)
        {
            if (message.Contains("could not be mapped", StringComparison.Ordinal))
            {
                return $"{path} is not a field this endpoint knows";
            }
            if (message.Contains("could not be converted to", StringComparison.Ordinal))
            {
                return $"{path} has the wrong type ({ExpectedType(message)})";
            }
            return $"{path}: {message}";
        }
        return message;
    }

    private static string ExpectedType(string message)
    {
        var type = message[(message.LastIndexOf("converted to", StringComparison.Ordinal) + "converted to".Length)..].Trim(' ', '.');
        return type switch
        {
            _ when type.Contains("DateTimeOffset") => "expected an ISO 8601 date-time such as 2026-11-22T10:00:00Z",
            _ when type.Contains("Decimal") || type.Contains("Int") || type.Contains("Double") => "expected a number",
            _ when type.Contains("Boolean") => "expected true or false",
            _ when type.Contains("String") => "expected a string",
            _ when type.Contains("List") || type.Contains("[]") => "expected an array",
            _ => "expected an object",
        };
    }
}
