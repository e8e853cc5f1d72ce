namespace Comerix.Crm.Webhooks;

/// <summary>Exponential back-off with jitter: 5 s, 10 s, 20 s … doubling to an hour, each ±25 %, so failed receivers are not hit in lock-step.</summary>
internal static class WebhookRetryPolicy
{
    /// <param name="attempts">Attempts made so far (1 after the first failure).</param>
    public static TimeSpan DelayAfter(int attempts, WebhookOptions options, Random random)
    {
        var doubled = options.FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var seconds = Math.Min(doubled, options.MaxRetryDelay.TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (0.75 + random.NextDouble() * 0.5));
    }
}
