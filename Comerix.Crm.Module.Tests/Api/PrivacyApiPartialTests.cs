using System.Net;
using Comerix.Crm.Erasure;
using Comerix.Crm.Tests.Erasure;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Api;

/// <summary>
/// An erasure by API that a store cannot finish yet: 202 with the request's address and status partial (naming what is
/// pending) until the retry has run every eraser; then its status is completed.
/// </summary>
public sealed class PrivacyApiPartialTests(FlakyEraserSiteFactory site) : IClassFixture<FlakyEraserSiteFactory>
{
    [Fact]
    public async Task AnErasureIsPartialUntilEveryEraserHasRunThenCompleted()
    {
        using var ingest = site.ApiClient(await site.CreateApiKeyAsync());
        using var privacy = site.ApiClient(await site.CreateApiKeyAsync("privacy"));
        var sent = await ingest.PostAsync("api/crm/events", Body(new { id = "pp-1", type = "form", occurredAt = "2026-11-20T10:00:00Z", payload = new { email = "partial.person@privacy-api.test" } }));
        var contactId = (await ReadAsync(sent)).GetProperty("events")[0].GetProperty("contactId").GetInt64();

        var accepted = await privacy.PostAsync("api/crm/erasure", Body(new { contactId }));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal($"/api/crm/erasure/{contactId}", accepted.Headers.Location!.OriginalString);
        var partial = await ReadAsync(accepted);
        Assert.Equal("partial", partial.GetProperty("status").GetString());
        Assert.Equal(["FlakyStoreEraser"], partial.GetProperty("pending").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("partial", (await ReadAsync(await privacy.GetAsync($"api/crm/erasure/{contactId}"))).GetProperty("status").GetString());

        await site.Services.GetRequiredService<ErasureRetryService>().RetryAllAsync(CancellationToken.None);
        var done = await ReadAsync(await privacy.GetAsync($"api/crm/erasure/{contactId}"));
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Empty(done.GetProperty("pending").EnumerateArray());
        Assert.Equal(2, done.GetProperty("counts").GetProperty("flaky records").GetInt32());
        Assert.Equal(2, done.GetProperty("attempts").GetInt32());
    }
}
