namespace Comerix.Crm.Api.Browser;

/// <summary>
/// Marks the endpoints a browser key may be used on (the Segment routes under /v1 and the two settings endpoints
/// the browser SDKs load first): CORS is answered there, and nowhere else. Every other API endpoint refuses a
/// browser key (<see cref="Security.ApiKeyUseRequirement"/>).
/// </summary>
public sealed class BrowserEndpoint
{
    /// <summary>An ingestion route: the key may also come as <c>writeKey</c> in the JSON body (analytics.js sends it there).</summary>
    public static readonly BrowserEndpoint Ingest = new(takesWriteKeyInBody: true);

    /// <summary>A route that takes no key in its body: settings, metrics, preflights.</summary>
    public static readonly BrowserEndpoint Other = new(takesWriteKeyInBody: false);

    private BrowserEndpoint(bool takesWriteKeyInBody) => TakesWriteKeyInBody = takesWriteKeyInBody;

    public bool TakesWriteKeyInBody { get; }
}
