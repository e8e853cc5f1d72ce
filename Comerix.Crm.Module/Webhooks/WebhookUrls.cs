namespace Comerix.Crm.Webhooks;

/// <summary>What an endpoint URL may be: absolute, https (http only when allowed), no user name or password in it.</summary>
internal static class WebhookUrls
{
    public const int MaxLength = 2_000;

    /// <returns>Why the URL cannot be used, or null.</returns>
    public static string? Problem(string? url, WebhookOptions options)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "Enter the URL that should receive the events.";
        }
        if (url.Length > MaxLength)
        {
            return $"A URL holds at most {MaxLength:N0} characters.";
        }
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return "Enter a full URL, like https://hooks.example.com/comerix.";
        }
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && options.AllowHttp))
        {
            return options.AllowHttp ? "The URL must start with https:// or http://." : "The URL must start with https:// (events carry personal data). For a receiver on your own machine while developing, set Crm:Webhooks:AllowHttp (and AllowPrivateNetworks for localhost).";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "Leave the user name and password out of the URL; deliveries are signed instead.";
        }
        return null;
    }
}
