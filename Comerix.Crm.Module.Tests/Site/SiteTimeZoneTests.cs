using Comerix.Crm.Pages.Admin;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>Crm:TimeZone: the admin pages show times and days where the site's people live; storage stays UTC.</summary>
public sealed class SiteTimeZoneTests
{
    [Fact]
    public async Task TheProfileTimelineAndAuditShowTimesAndDaysInTheSitesZone()
    {
        using var site = new SiteFactory();
        site.Settings["Crm:TimeZone"] = "Asia/Tokyo";
        // 20:30 UTC on 1 March is 05:30 on 2 March in Tokyo (UTC+9, no daylight saving).
        var at = new DateTimeOffset(2026, 3, 1, 20, 30, 0, TimeSpan.Zero);
        var id = (await site.IngestAsync(Form("tz-1", at, Email("tokyo@site.test")) with { Traits = new Dictionary<string, string> { ["name"] = "Kenji Tokyo" } }))[0].ContactId!.Value;
        using var client = await site.SignInAsync(SiteFactory.ViewerEmail);

        var profile = await client.GetPageAsync($"/admin/customers/{id}");
        Assert.Equal("Monday, 2 March 2026", profile.QuerySelector(".timeline-day")!.TextContent.Trim());
        Assert.Equal("05:30", profile.QuerySelector(".timeline-time")!.TextContent.Trim());
        Assert.Contains("Times in Asia/Tokyo", profile.Body!.TextContent);
        Assert.Contains("2 Mar 2026, 05:30 Asia/Tokyo", profile.Body!.TextContent);
        // Machines reading the page get the instant itself, marked as UTC.
        Assert.Equal("2026-03-01T20:30:00.0000000Z", profile.QuerySelector("dd time")!.GetAttribute("datetime"));

        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        var audit = await admin.GetPageAsync("/admin/customers/audit");
        Assert.Contains("When (Asia/Tokyo)", audit.QuerySelector("thead")!.TextContent);
    }

    [Fact]
    public void AnUnknownZoneStopsTheSiteAtStartUpAndSaysWhy()
    {
        using var site = new SiteFactory();
        site.Settings["Crm:TimeZone"] = "Mars/Olympus_Mons";
        var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());
        Assert.Contains("Crm:TimeZone \"Mars/Olympus_Mons\" is not a time zone this server knows", error.ToString());
    }

    [Theory]
    [InlineData("UTC", "2026-03-01T20:30:00Z", "2026-03-01T00:00:00Z")]
    [InlineData("Asia/Tokyo", "2026-03-01T20:30:00Z", "2026-03-01T15:00:00Z")]
    [InlineData("America/New_York", "2026-03-01T03:00:00Z", "2026-02-28T05:00:00Z")]
    // Chile moves its clocks from 00:00 to 01:00 on 6 September 2026: that day begins at 01:00 (-03), 04:00 UTC.
    [InlineData("America/Santiago", "2026-09-06T12:00:00Z", "2026-09-06T04:00:00Z")]
    public void TodayBeginsAtTheSitesMidnight(string zone, string now, string expected)
    {
        var time = new SiteTime(new CrmOptions { TimeZone = zone });
        var start = time.StartOfTodayUtc(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, start);
    }

    [Fact]
    public void UtcIsLabelledUtc() => Assert.Equal("UTC", new SiteTime(new CrmOptions()).Label);
}
