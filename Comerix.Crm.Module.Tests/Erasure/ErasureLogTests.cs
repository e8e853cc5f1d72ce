using System.Net;
using Microsoft.Extensions.Logging;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Erasure;

/// <summary>An erasure is logged with its event id, the contact's id and counts: never a value of the person.</summary>
public sealed class ErasureLogTests(LoggedSiteFactory site) : IClassFixture<LoggedSiteFactory>
{
    [Fact]
    public async Task AnErasureLogsTheContactIdAndCountsButNoValue()
    {
        using var ingest = site.ApiClient(await site.CreateApiKeyAsync());
        using var privacy = site.ApiClient(await site.CreateApiKeyAsync("privacy"));
        var sent = await ingest.PostAsync("api/crm/events", Body(new
        {
            id = "log-1", type = "form", occurredAt = "2026-11-20T10:00:00Z",
            payload = new { email = "Orsolya.Vantz@erasure-log.test", name = "Orsolya Vantz" },
        }));
        var contactId = (await ReadAsync(sent)).GetProperty("events")[0].GetProperty("contactId").GetInt64();

        var erased = await privacy.PostAsync("api/crm/erasure", Body(new { type = "email", value = "Orsolya.Vantz@erasure-log.test" }));
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);

        var line = Assert.Single(site.Logs.WithEventId(CrmLogEvents.Erasure + 1));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal(contactId, line.Values["ContactId"]);
        Assert.True((int)line.Values["Rows"]! >= 2, line.Message);
        Assert.DoesNotContain(site.Logs.Lines, l => l.Contains("Vantz", StringComparison.OrdinalIgnoreCase) || l.Contains("erasure-log.test", StringComparison.OrdinalIgnoreCase));
    }
}
