namespace Comerix.Crm.Api.Browser;

/// <summary>
/// Marks the endpoints a browser key may be used on (the Segment routes under /v1 and the two settings endpoints
/// the browser SDKs load first): CORS is answered there, and nowhere else. Every other API endpoint refuses a
/// browser key (<see cref="Security.ApiKeyUseRequirement"/>).
/// </summary>
internal sealed class BrowserEndpoint
{
    /// <summary>An ingestion route: the key may also come as <c>writeKey</c> in the JSON body (analytics.js sends it there).</summary>
    public static readonly BrowserEndpoint Ingest = new(takesWriteKeyInBody: true, limitedOnceKeyIsKnown: false);

    /// <summary>A route that takes no key in its body: metrics, preflights.</summary>
    public static readonly BrowserEndpoint Other = new(takesWriteKeyInBody: false, limitedOnceKeyIsKnown: false);

    /// <summary>
    /// The SDKs' settings, whose key is in the path or query: limited per visitor and key once the key is found valid
    /// (wrong keys are counted by <see cref="Security.FailedKeyLimiter"/>), not per address before it, or junk keys
    /// (an img tag on any page) would use up the address's allowance and keep a real page from loading its SDK.
    /// </summary>
    public static readonly BrowserEndpoint Settings = new(takesWriteKeyInBody: false, limitedOnceKeyIsKnown: true);

    private BrowserEndpoint(bool takesWriteKeyInBody, bool limitedOnceKeyIsKnown) =>
        (TakesWriteKeyInBody, LimitedOnceKeyIsKnown) = (takesWriteKeyInBody, limitedOnceKeyIsKnown);

    public bool TakesWriteKeyInBody { get; }

    /// <summary>The endpoint takes its token itself (<see cref="ApiRateLimiter.VisitorToken"/>), once it knows the key.</summary>
    public bool LimitedOnceKeyIsKnown { get; }
}
