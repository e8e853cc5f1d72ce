using Comerix.Crm.Activity;

namespace Comerix.Crm.Tests.Activity;

/// <summary>A timeline row says what happened: the page viewed, the event's name, which contact a merge folded in.</summary>
public sealed class ActivityTextTests
{
    [Theory]
    [InlineData("telemetry", null, """{"page":"/pricing"}""", "Viewed /pricing")]
    [InlineData("telemetry", "segment", """{"segment":"track","event":"Order Completed"}""", "Order Completed via segment")]
    [InlineData("telemetry", "segment", """{"segment":"page","event":"Pricing","url":"https://shop.test/pricing"}""", "Viewed Pricing")]
    [InlineData("telemetry", "segment", """{"segment":"page","url":"https://shop.test/pricing"}""", "Viewed https://shop.test/pricing")]
    // Segment's identity calls say who someone is: the page they were on when it ran is not a page view.
    [InlineData("telemetry", "segment", """{"segment":"identify"}""", "Identified via segment")]
    [InlineData("telemetry", "segment", """{"segment":"identify","url":"https://shop.test/account"}""", "Identified via segment")]
    [InlineData("telemetry", "segment", """{"segment":"alias"}""", "Linked an earlier anonymous id via segment")]
    [InlineData("telemetry", "segment", """{"segment":"group","url":"https://shop.test/team"}""", "Joined a group via segment")]
    [InlineData("telemetry", null, """{"event":"clicked_buy_button"}""", "clicked_buy_button")]
    [InlineData("telemetry", null, null, "Telemetry event")]
    [InlineData("newsletter.signup", null, null, "newsletter.signup event")]
    [InlineData("newsletter", null, """{"event":"signup"}""", "newsletter: signup")]
    [InlineData("merge", null, """{"mergedContactId":2357,"automatic":false,"by":"ada@site.test","reason":"Merged by hand."}""",
        "Merged contact #2357 into this one by ada@site.test — Merged by hand.")]
    [InlineData("merge", null, """{"automatic":true,"by":null,"reason":"Anonymous contacts shared an identifier."}""",
        "Merged another contact into this one — Anonymous contacts shared an identifier.")]
    public void DescribesTheRow(string type, string? source, string? payload, string expected) =>
        Assert.Equal(expected, ActivityText.Describe(new ContactActivity
        {
            TenantId = "Default", EventId = "e1", Type = type, Source = source, PayloadJson = payload,
        }));
}
