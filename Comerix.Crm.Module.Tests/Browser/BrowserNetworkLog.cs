using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace Comerix.Crm.Tests.Browser;

/// <summary>
/// What Chromium itself saw of a page's requests, through the DevTools protocol: unlike the page's script (which only
/// learns "TypeError: Failed to fetch"), it sees CORS preflights, their status, and why a request was blocked.
/// </summary>
public sealed class BrowserNetworkLog
{
    /// <param name="Type">Chromium's resource type: "Fetch", "XHR", "Preflight", "Document", …</param>
    /// <param name="CorsError">Why Chromium blocked it (e.g. "PreflightInvalidStatus", "MissingAllowOriginHeader"), when it did.</param>
    public sealed record Request(string Id, string Method, string Url, string Type, int? Status, string? Error, string? CorsError)
    {
        public override string ToString() => $"{Type} {Method} {Url} → {Status?.ToString() ?? "-"} {Error} {CorsError}".TrimEnd();
    }

    private readonly ConcurrentDictionary<string, Request> _requests = new();
    private readonly ConcurrentQueue<string> _console = new();

    public IReadOnlyCollection<string> Console => _console;

    public static async Task<BrowserNetworkLog> AttachAsync(IPage page)
    {
        var log = new BrowserNetworkLog();
        page.Console += (_, message) => log._console.Enqueue($"{message.Type}: {message.Text}");
        var devTools = await page.Context.NewCDPSessionAsync(page);
        devTools.Event("Network.requestWillBeSent").OnEvent += (_, e) => log.Sent(e!.Value);
        devTools.Event("Network.responseReceived").OnEvent += (_, e) => log.Answered(e!.Value);
        devTools.Event("Network.loadingFailed").OnEvent += (_, e) => log.Failed(e!.Value);
        await devTools.SendAsync("Network.enable");
        return log;
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) for a request that matches; fails with everything seen so far.</summary>
    public async Task<Request> WaitForAsync(string what, Func<Request, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_requests.Values.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Chromium saw no {what} within {timeout.TotalSeconds} s. It saw:\n{this}");
            await Task.Delay(50);
        }
    }

    public IReadOnlyList<Request> Requests => [.. _requests.Values];

    public override string ToString() =>
        string.Join("\n", _requests.Values.Select(r => r.ToString()).Concat(_console.Select(c => "console " + c)));

    private void Sent(JsonElement e)
    {
        var request = e.GetProperty("request");
        var id = e.GetProperty("requestId").GetString()!;
        var type = e.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        _requests[id] = new Request(id, request.GetProperty("method").GetString()!, request.GetProperty("url").GetString()!, type, null, null, null);
    }

    private void Answered(JsonElement e)
    {
        var id = e.GetProperty("requestId").GetString()!;
        var response = e.GetProperty("response");
        var type = e.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        _requests.AddOrUpdate(id,
            _ => new Request(id, "?", response.GetProperty("url").GetString()!, type, response.GetProperty("status").GetInt32(), null, null),
            (_, known) => known with { Status = response.GetProperty("status").GetInt32(), Type = type.Length > 0 ? type : known.Type });
    }

    private void Failed(JsonElement e)
    {
        var id = e.GetProperty("requestId").GetString()!;
        var error = e.TryGetProperty("errorText", out var text) ? text.GetString() : null;
        var cors = e.TryGetProperty("corsErrorStatus", out var status) ? status.GetProperty("corsError").GetString() : null;
        _requests.AddOrUpdate(id,
            _ => new Request(id, "?", "?", "", null, error, cors),
            (_, known) => known with { Error = error, CorsError = cors });
    }
}
