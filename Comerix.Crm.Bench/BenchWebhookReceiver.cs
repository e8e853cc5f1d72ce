using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Comerix.Crm.Bench;

/// <summary>
/// A customer's receiver on a loopback port (Kestrel): every delivery's body is read and its signature and timestamp
/// checked with the StandardWebhooks package, as the README's receiver does, so what a real receiver costs is in the
/// figures. Keeps the arrival time of each webhook-id, and counts what arrived again or failed its check.
/// </summary>
internal sealed class BenchWebhookReceiver : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly ConcurrentDictionary<string, DateTime> _arrivals = new(StringComparer.Ordinal);
    private StandardWebhook? _verifier;
    private int _duplicates;
    private int _refused;
    private long _lastArrivalTicks;

    public string Url { get; private set; } = "";

    /// <summary>When each webhook-id first arrived (UTC, before the signature check).</summary>
    public IReadOnlyDictionary<string, DateTime> Arrivals => _arrivals;

    /// <summary>Requests whose webhook-id had already arrived.</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Requests that failed the signature or timestamp check (answered 401, so the sender retries).</summary>
    public int Refused => Volatile.Read(ref _refused);

    public DateTime LastArrival => new(Interlocked.Read(ref _lastArrivalTicks), DateTimeKind.Utc);

    /// <summary>The endpoint's secret, given once it was created (shown once, as to a customer).</summary>
    public string Secret
    {
        set => _verifier = new StandardWebhook(value);
    }

    public static async Task<BenchWebhookReceiver> StartAsync()
    {
        var receiver = new BenchWebhookReceiver();
        receiver._app = await LoopbackServer.StartAsync(app => app.MapPost("/hook", receiver.HandleAsync));
        receiver.Url = receiver._app.Urls.Single() + "/hook";
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        var arrived = DateTime.UtcNow;
        try
        {
            (_verifier ?? throw new InvalidOperationException("The receiver has no secret yet.")).Verify(body, context.Request.Headers);
        }
        catch (StandardWebhooks.Diagnostics.WebhookVerificationException)
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        if (!_arrivals.TryAdd(context.Request.Headers["webhook-id"].ToString(), arrived))
        {
            Interlocked.Increment(ref _duplicates);
        }
        long last;
        do
        {
            last = Interlocked.Read(ref _lastArrivalTicks);
        }
        while (arrived.Ticks > last && Interlocked.CompareExchange(ref _lastArrivalTicks, arrived.Ticks, last) != last);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
