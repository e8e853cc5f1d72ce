using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Comerix.Crm.Tests.Api;

/// <summary>Requests as the browser SDKs send them: from a page's origin, the body as text/plain JSON or JSON.</summary>
internal static class BrowserRequests
{
    /// <summary>A POST from a page of <paramref name="origin"/> (none when null), as analytics.js sends it: text/plain JSON.</summary>
    public static HttpRequestMessage Post(string path, string? origin, object body, string? basicKey = null, string contentType = "text/plain") =>
        Post(path, origin, JsonSerializer.Serialize(body), basicKey, contentType);

    public static HttpRequestMessage Post(string path, string? origin, string body, string? basicKey = null, string contentType = "text/plain")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (basicKey is not null)
        {
            request.Headers.Authorization = ApiJson.Basic(basicKey);
        }
        return request;
    }

    public static HttpRequestMessage Get(string path, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        return request;
    }

    /// <summary>The CORS preflight a browser sends before a POST with <paramref name="headers"/>.</summary>
    public static HttpRequestMessage Preflight(string path, string? origin, string headers = "authorization,content-type")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    public static string? AllowOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : "";

    /// <summary>A page event as analytics.js sends it to /v1/p: the key as writeKey, page context, an anonymousId.</summary>
    public static object PageEvent(string writeKey, string anonymousId, string messageId, string origin) => new
    {
        writeKey,
        type = "page",
        anonymousId,
        messageId,
        name = "Pricing",
        properties = new { path = "/pricing", url = origin + "/pricing", title = "Pricing" },
        context = new
        {
            page = new { path = "/pricing", referrer = "", search = "", title = "Pricing", url = origin + "/pricing" },
            userAgent = "Mozilla/5.0 (test)",
            library = new { name = "analytics.js", version = "npm:next-1.84.3" },
        },
        timestamp = "2026-12-04T10:00:00.000Z",
        sentAt = "2026-12-04T10:00:00.100Z",
    };

    public static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);
}
