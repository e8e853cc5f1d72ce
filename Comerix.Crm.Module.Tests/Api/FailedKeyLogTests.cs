using Comerix.Crm.Api.Security;
using Comerix.Crm.Tests.Erasure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Comerix.Crm.Tests.Api;

/// <summary>Wrong API keys are logged at most once a minute per address, with a count of the ones in between.</summary>
public sealed class FailedKeyLogTests
{
    [Fact]
    public void AFloodOfWrongKeysFromOneAddressIsOneLineAMinute()
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
        var log = new FailedKeyLog(factory.CreateLogger<FailedKeyLog>(), time);
        var attacker = From("203.0.113.7");

        for (var i = 0; i < 700; i++)
        {
            log.Failed(attacker, $"cxk_aaaaaaaaaaa{(char)('a' + i % 10)}_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "The API key is not valid for this site.");
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
        // Another address is logged on its own.
        log.Failed(From("198.51.100.9"), "not-a-key", "The API key is malformed.");

        var lines = logs.WithEventId(CrmLogEvents.Api + 1);
        Assert.Equal(["203.0.113.7", "203.0.113.7", "198.51.100.9"], lines.Select(l => l.Values["Address"]));
        // One every 0.1 s for 70 s: the first is logged, the next 599 (the rest of its minute) are counted, and the
        // one at 60 s is logged with that count; the last 99 wait for the next minute.
        Assert.Equal([0, 599, 0], lines.Select(l => (int)l.Values["Unlogged"]!));
        Assert.Equal("cxk_aaaaaaaaaaaa", lines[0].Values["KeyId"]);
        Assert.Equal("not a Comerix API key", lines[2].Values["KeyId"]);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", StringComparison.Ordinal));
    }

    [Fact]
    public void WrongKeysFromMoreAddressesThanItTracksInAMinuteAreNotLoggedOneByOne()
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
        var log = new FailedKeyLog(factory.CreateLogger<FailedKeyLog>(), time);

        for (var i = 0; i <= FailedKeyLog.MaxAddresses; i++)
        {
            log.Failed(From($"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}"), null, "No key.");
        }
        Assert.Equal(FailedKeyLog.MaxAddresses, logs.WithEventId(CrmLogEvents.Api + 1).Count);

        // A minute on, the quiet addresses are dropped and a new one is logged again.
        time.Advance(FailedKeyLog.Interval);
        log.Failed(From("192.0.2.1"), null, "No key.");
        Assert.Equal("192.0.2.1", logs.WithEventId(CrmLogEvents.Api + 1)[^1].Values["Address"]);
    }

    private static DefaultHttpContext From(string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address);
        return context;
    }
}
