using System.Net;
using Comerix.Crm.Tests.Erasure;
using Comerix.Crm.Tests.Site;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Api;

/// <summary>A site that lets one address present three wrong keys, then one a minute; every log line kept.</summary>
public sealed class FailedKeyLimitSiteFactory : SiteFactory
{
    public CapturedLogs Logs { get; } = new();

    public FailedKeyLimitSiteFactory()
    {
        Settings["Crm:Api:FailedKeyBurst"] = "3";
        Settings["Crm:Api:FailedKeyAttemptsPerMinute"] = "1";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

public sealed class FailedKeyLimitTests(FailedKeyLimitSiteFactory site) : IClassFixture<FailedKeyLimitSiteFactory>
{
    [Fact]
    public async Task WrongKeysFromOneAddressGet429AfterTheBurstAndLeaveOneLogLine()
    {
        var good = await site.CreateApiKeyAsync("read");
        using (var ok = site.ApiClient(good))
        {
            Assert.Equal(HttpStatusCode.OK, (await ok.GetAsync("api/crm/contacts")).StatusCode);
        }
        var logged = site.Logs.Lines.Count;

        var statuses = new List<HttpStatusCode>();
        var details = new List<string>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 8; i++)
        {
            using var guess = site.ApiClient($"cxk_aaaaaaaaaaa{i}_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
            var response = await guess.GetAsync("api/crm/contacts");
            statuses.Add(response.StatusCode);
            details.Add(await response.Content.ReadAsStringAsync());
            limited ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses.Take(3));
        Assert.True(statuses.Skip(3).All(s => s == HttpStatusCode.TooManyRequests), string.Join("\n", details));
        Assert.Contains("wrong API key", await ProblemAsync(limited!, HttpStatusCode.TooManyRequests));
        Assert.InRange(int.Parse(limited!.Headers.GetValues("Retry-After").Single()), 1, 60);

        // A right key from the same address is still served: anyone can make an address send wrong keys
        // (a page its visitors open, clients behind one proxy), and that must not lock the address's valid keys out.
        using (var ok = site.ApiClient(good))
        {
            Assert.Equal(HttpStatusCode.OK, (await ok.GetAsync("api/crm/contacts")).StatusCode);
        }

        // Eight wrong keys wrote one line (each used to write two), which repeats no key.
        var lines = site.Logs.Lines.Skip(logged).Where(l => !l.StartsWith("Debug", StringComparison.Ordinal) && !l.StartsWith("Trace", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains("Wrong API key from", line);
        Assert.DoesNotContain("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", line);
        Assert.Single(site.Logs.WithEventId(CrmLogEvents.Api + 1));
    }
}
