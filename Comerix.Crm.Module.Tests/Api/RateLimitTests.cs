using System.Net;
using Comerix.Crm.Tests.Site;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Api;

/// <summary>A site whose keys may send three requests at once and one a second after that.</summary>
public sealed class RateLimitedSiteFactory : SiteFactory
{
    public RateLimitedSiteFactory()
    {
        Settings["Crm:Api:RateLimitBurst"] = "3";
        Settings["Crm:Api:RateLimitPerSecond"] = "1";
    }
}

public sealed class RateLimitTests(RateLimitedSiteFactory site) : IClassFixture<RateLimitedSiteFactory>
{
    [Fact]
    public async Task AKeyOverItsLimitGets429WithRetryAfterAndAnotherKeyIsNotSlowedDown()
    {
        using var busy = site.ApiClient(await site.CreateApiKeyAsync());
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 20 && limited is null; i++)
        {
            var response = await busy.PostAsync("api/crm/events", Body(new
            {
                id = $"rate-{i}", type = "telemetry", occurredAt = "2026-11-20T10:00:00Z",
                claims = new[] { new { type = "visitor_id", value = $"v-rate-{i}" } },
            }));
            statuses.Add(response.StatusCode);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }
        Assert.NotNull(limited);
        // The burst of three, plus whatever the bucket refilled (one a second) while a slow machine sent them.
        var accepted = statuses.Count(s => s == HttpStatusCode.OK);
        Assert.InRange(accepted, 3, statuses.Count - 1);
        Assert.Contains("retry after", await ProblemAsync(limited, HttpStatusCode.TooManyRequests));
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Equal(accepted, await site.StoredEventCountAsync());

        using var other = site.ApiClient(await site.CreateApiKeyAsync());
        var fresh = await other.PostAsync("api/crm/events", Body(new
        {
            id = "rate-other", type = "telemetry", occurredAt = "2026-11-20T10:00:00Z",
            claims = new[] { new { type = "visitor_id", value = "v-rate-other" } },
        }));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }
}
