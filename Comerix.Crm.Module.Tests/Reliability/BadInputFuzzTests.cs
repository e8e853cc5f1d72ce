using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Comerix.Crm.Tests.Infrastructure;
using Comerix.Crm.Tests.Site;

namespace Comerix.Crm.Tests.Reliability;

/// <summary>
/// 10,000 random and mutated payloads to the ingestion endpoints (native and Segment), one at a time: never a
/// 5xx, every refusal a problem+json 4xx, and nothing stored for any refused one (the count of stored events is
/// compared around each request).
/// </summary>
public sealed class BadInputFuzzTests
{
    private const int Payloads = 10_000;

    [Fact]
    public async Task OnSqliteTenThousandBadPayloadsNeverFailTheServerAndRefusalsStoreNothing()
    {
        await using var site = new SiteFactory();
        await RunAsync(site, seed: 1);
    }

    [PostgresFact]
    public async Task OnPostgresTenThousandBadPayloadsNeverFailTheServerAndRefusalsStoreNothing()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = SiteFactory.OnPostgres(database);
        await RunAsync(site, seed: 2);
    }

    private static async Task RunAsync(SiteFactory site, int seed)
    {
        site.Settings["Crm:Api:RateLimitPerSecond"] = "1000000";
        site.Settings["Crm:Api:RateLimitBurst"] = "1000000";
        var key = await site.CreateApiKeyAsync();
        using var native = site.ApiClient(key);
        using var segment = site.ApiClient(null);
        segment.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));
        var fuzzer = new PayloadFuzzer(seed);
        var stored = await site.StoredEventCountAsync();
        var refused = 0;
        for (var n = 0; n < Payloads; n++)
        {
            var (path, body) = fuzzer.Next(n);
            var client = path.StartsWith("v1/", StringComparison.Ordinal) ? segment : native;
            var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            var status = (int)response.StatusCode;
            Assert.True(status < 500, $"POST {path} answered {status} to: {body}\n{await response.Content.ReadAsStringAsync()}");
            var now = await site.StoredEventCountAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                refused++;
                Assert.True(status is 400 or 413 or 415, $"POST {path} answered {status} to: {body}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.True(now == stored, $"a refused payload stored {now - stored} events: {body}");
            }
            stored = now;
        }
        // The mutations must really produce both kinds, or this test proves little.
        Assert.InRange(refused, Payloads / 3, Payloads - Payloads / 20);
    }
}
