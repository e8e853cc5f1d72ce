using System.Net;
using Comerix.Crm.Tests.Site;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Settings;

/// <summary>
/// A setting the module cannot work with stops the site before it serves a request, with a message that names the
/// setting as it is written in configuration; settings it can work with start it and take effect.
/// </summary>
public sealed class BadSettingsStopTheSiteTests
{
    [Theory]
    // 0 used to loop forever on the first batch.
    [InlineData("Crm:Resolution:BatchTransactionSize", "0", "Crm:Resolution:BatchTransactionSize must be at least 1 (got 0).")]
    [InlineData("Crm:Resolution:MaxPerContact:email", "0", "Crm:Resolution:MaxPerContact:email must be at least 1 (got 0).")]
    [InlineData("Crm:Resolution:DefaultPhoneRegion", "XX", "Crm:Resolution:DefaultPhoneRegion \"XX\" is not a region libphonenumber knows: use an ISO 3166-1 alpha-2 code")]
    [InlineData("Crm:Api:MaxEventsPerRequest", "0", "Crm:Api:MaxEventsPerRequest must be at least 1 (got 0).")]
    [InlineData("Crm:Api:RateLimitBurst", "-5", "Crm:Api:RateLimitBurst must be at least 1 (got -5).")]
    [InlineData("Crm:Webhooks:PollInterval", "00:00:00", "Crm:Webhooks:PollInterval must be longer than zero (got 00:00:00).")]
    [InlineData("Crm:Webhooks:MaxRetryDelay", "00:00:01", "Crm:Webhooks:MaxRetryDelay must be at least Crm:Webhooks:FirstRetryDelay (00:00:05; got 00:00:01).")]
    [InlineData("Crm:StateCheckInterval", "-00:00:01", "Crm:StateCheckInterval must not be negative (got -00:00:01).")]
    [InlineData("Crm:AdminPath", "backoffice/", "Crm:AdminPath must start with '/' (got \"backoffice/\"), e.g. \"/admin/customers\".")]
    public void ASettingTheModuleCannotUseStopsTheSiteAndNamesIt(string setting, string value, string said)
    {
        using var site = new SiteFactory();
        site.Settings[setting] = value;

        var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());

        Assert.Contains(said, error.ToString());
    }

    [Fact]
    public async Task SettingsTheModuleCanUseStartTheSiteAndTakeEffect()
    {
        using var site = new SiteFactory();
        site.Settings["Crm:Resolution:BatchTransactionSize"] = "1";
        site.Settings["Crm:Resolution:DefaultPhoneRegion"] = "gb";
        site.Settings["Crm:Api:MaxEventsPerRequest"] = "2";
        site.Settings["Crm:Webhooks:MaxRetryDelay"] = "00:00:05";
        site.Settings["Crm:StateCheckInterval"] = "00:00:00";
        using var api = site.ApiClient(await site.CreateApiKeyAsync("ingest,read"));

        // One event a transaction, two to a request, and a national number read as British.
        var sent = await api.PostAsync("api/crm/events", Body(new
        {
            events = new object[]
            {
                new { id = "gb-1", type = "form", occurredAt = "2026-11-20T10:00:00Z", payload = new { email = "una@settings.test", phone = "020 7946 0018" } },
                new { id = "gb-2", type = "form", occurredAt = "2026-11-20T11:00:00Z", payload = new { email = "una@settings.test" } },
            },
        }));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var results = (await ReadAsync(sent)).GetProperty("events");
        var contactId = results[0].GetProperty("contactId").GetInt64();
        Assert.Equal(contactId, results[1].GetProperty("contactId").GetInt64());
        var contact = await api.GetAsync($"api/crm/contacts/{contactId}");
        Assert.Equal(HttpStatusCode.OK, contact.StatusCode);
        Assert.Contains("+442079460018", await contact.Content.ReadAsStringAsync());

        var three = await api.PostAsync("api/crm/events", Body(new
        {
            events = Enumerable.Range(1, 3).Select(i => new { id = $"many-{i}", type = "form", occurredAt = "2026-11-20T10:00:00Z", payload = new { email = "una@settings.test" } }),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, three.StatusCode);
    }
}
