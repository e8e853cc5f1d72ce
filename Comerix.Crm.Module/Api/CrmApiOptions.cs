namespace Comerix.Crm.Api;

/// <summary>Limits of the HTTP APIs (stated in the README).</summary>
public sealed class CrmApiOptions
{
    /// <summary>Largest request body accepted by the ingestion endpoints; larger bodies get 413.</summary>
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// A gzip or deflate body that, past its first 64 KiB, has inflated to more than this many times the compressed
    /// bytes read gets 413 (a decompression bomb; gzip reaches about 1,030:1). The real SDKs' batches compress 8 to
    /// 21 times (29 pretty-printed); 1,000 identical browser events differing only in a counter, 133 times.
    /// </summary>
    public int MaxCompressionRatio { get; set; } = 200;

    /// <summary>Most events in one request (native batch or Segment batch); more get 400.</summary>
    public int MaxEventsPerRequest { get; set; } = 1000;

    /// <summary>
    /// Most events in one request sent with a browser key; more get 413. What the browser SDKs send at most in their
    /// batching modes: analytics.js 10 by default (and under 500 KB), RudderStack's JS SDK 100 (its queue's maxItems).
    /// Each event also costs a token of the per-address and per-key limits, so a batch is no way around them.
    /// </summary>
    public int BrowserMaxEventsPerRequest { get; set; } = 100;

    /// <summary>Sustained requests per second per API key; a burst of <see cref="RateLimitBurst"/> is allowed first.</summary>
    public int RateLimitPerSecond { get; set; } = 200;

    public int RateLimitBurst { get; set; } = 400;

    /// <summary>
    /// Sustained requests per second one client address may send with one browser key (each event of a batch counting
    /// as one), and, with no key in a header, to the browser routes (settings, metrics, bodies carrying writeKey),
    /// on top of the key's own limit: a browser key is public, so one
    /// visitor or a bot that copied it must not use up the site's allowance. A page load sends a few events at once
    /// (page, identify, a track or two, each its own request in analytics.js); a person clicking through pages sends
    /// far less than one a second. Visitors behind one address (an office, a mobile carrier's NAT) share it.
    /// </summary>
    public int BrowserRateLimitPerAddressPerSecond { get; set; } = 5;

    /// <summary>What one address may send with one browser key at once before <see cref="BrowserRateLimitPerAddressPerSecond"/> applies.</summary>
    public int BrowserRateLimitPerAddressBurst { get; set; } = 30;

    /// <summary>Wrong API keys one client address may present at once before its keys get 429 (see FailedKeyAttemptsPerMinute).</summary>
    public int FailedKeyBurst { get; set; } = 20;

    /// <summary>How fast a client address earns back its wrong-key attempts, once the burst is used up.</summary>
    public int FailedKeyAttemptsPerMinute { get; set; } = 10;
}
