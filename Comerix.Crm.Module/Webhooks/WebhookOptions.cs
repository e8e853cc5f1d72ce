namespace Comerix.Crm.Webhooks;

/// <summary>How deliveries are made. The defaults suit production; tests and development relax the network rules.</summary>
public sealed class WebhookOptions
{
    /// <summary>Plain http URLs (development only): a signed body still travels readable.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Loopback, link-local and private addresses (a receiver on this machine or the intranet). Off by default: an
    /// endpoint URL must not become a way to reach the site's own network (SSRF).
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>A receiver that has not answered by then counts as a failed attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A delivery is retried for this long after its event was written; then it fails and its endpoint is marked failing.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The first retry's delay; each next one doubles, with ±25 % jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the worker looks for due deliveries when no commit woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An attempt under way holds its delivery this long: if the process dies mid-send, the delivery is due again
    /// after it (at-least-once, same webhook-id). Longer than <see cref="Timeout"/>.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the delivery log keeps finished deliveries (a delivered one keeps no payload at all).</summary>
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Deliveries claimed per round of the worker.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>False stops the delivery worker in this process (another process on the same database sends).</summary>
    public bool RunWorker { get; set; } = true;
}
