using System.Net.Http.Headers;
using System.Text;
using StandardWebhooks;

namespace Comerix.Crm.Webhooks;

/// <summary>
/// One signed POST (Standard Webhooks: <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c> =
/// v1,base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}")), signed by the StandardWebhooks package). Only a 2xx
/// is a success. The outcome names what went wrong in our words; the receiver's body is never read or kept.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, WebhookOptions options, TimeProvider time)
{
    public const string ClientName = "Comerix.Crm.Webhooks";

    public sealed record Outcome(bool Success, int? StatusCode, string? Error);

    public async Task<Outcome> SendAsync(string url, string secret, string messageId, string payload, CancellationToken cancellationToken)
    {
        if (WebhookUrls.Problem(url, options) is { } problem)
        {
            return new Outcome(false, null, problem);
        }
        var timestamp = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(messageId, timestamp, payload));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Comerix-CRM-Webhooks", "1"));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300 ? new Outcome(true, status, null) : new Outcome(false, status, $"HTTP {status}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(false, null, $"no answer within {options.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            return new Outcome(false, null, ex.InnerException is WebhookAddressException refused
                ? "refused: " + refused.Message
                : $"could not connect ({ex.HttpRequestError})");
        }
    }
}
