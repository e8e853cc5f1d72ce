using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Comerix.Crm.Tests.Webhooks;

/// <summary>
/// A webhook receiver on a loopback port, as a customer would write one: it checks every delivery's signature with the
/// StandardWebhooks library and answers what the test scripts (by request number, from 1).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication _app = null!;
    private int _count;

    public sealed record Received(int Number, string MessageId, string Timestamp, string Body, bool SignatureValid, int Answered);

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The webhook-id of every request as it arrived, answered or not.</summary>
    public ConcurrentQueue<string> Arrived { get; } = new();

    /// <summary>The status to answer request n with; 200 unless set.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    /// <summary>While set, requests wait on it before answering (a receiver that hangs).</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>The endpoint's secret, once it is known; signatures are checked against it.</summary>
    public string? Secret { get; set; }

    /// <summary>False: the receiver checks the signature but not the timestamp's age (the test's clock is fake).</summary>
    public bool CheckTimestamp { get; set; } = true;

    public string Url { get; private set; } = "";

    public IReadOnlyList<Received> Succeeded => Requests.Where(r => r.Answered is >= 200 and < 300).OrderBy(r => r.Number).ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        receiver._app = await Bench.LoopbackServer.StartAsync(app => app.MapPost("/hook", receiver.HandleAsync));
        receiver.Url = receiver._app.Urls.Single() + "/hook";
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _count);
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        Arrived.Enqueue(context.Request.Headers["webhook-id"].ToString());
        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(context.RequestAborted);
        }
        var answer = Answer(number);
        Requests.Enqueue(new Received(number, context.Request.Headers["webhook-id"].ToString(), context.Request.Headers["webhook-timestamp"].ToString(),
            body, Verify(body, context.Request.Headers), answer));
        context.Response.StatusCode = answer;
    }

    private bool Verify(string body, IHeaderDictionary headers)
    {
        if (Secret is null)
        {
            return false;
        }
        try
        {
            if (!CheckTimestamp)
            {
                // Re-sign with the library and compare: the same check without the clock.
                var signed = new StandardWebhook(Secret).Sign(headers["webhook-id"].ToString(),
                    DateTimeOffset.FromUnixTimeSeconds(long.Parse(headers["webhook-timestamp"].ToString())), body);
                return headers["webhook-signature"].ToString().Split(' ').Contains(signed);
            }
            new StandardWebhook(Secret).Verify(body, headers);
            return true;
        }
        catch (StandardWebhooks.Diagnostics.WebhookVerificationException)
        {
            return false;
        }
    }

    public async Task WaitUntilAsync(Func<WebhookReceiver, bool> condition, Action? tick = null, int seconds = 30)
    {
        for (var waited = 0; waited < seconds * 20; waited++)
        {
            if (condition(this))
            {
                return;
            }
            tick?.Invoke();
            await Task.Delay(50);
        }
        throw new TimeoutException($"the receiver got {Requests.Count} request(s): " + string.Join(", ", Requests.Select(r => r.Answered)));
    }

    public async ValueTask DisposeAsync()
    {
        Hold?.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
