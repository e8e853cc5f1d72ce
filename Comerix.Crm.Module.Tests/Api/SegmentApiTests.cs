using System.Net;
using System.Text.Json;
using Comerix.Crm.Data;
using Comerix.Crm.Tests.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Api;

/// <summary>The Segment Spec endpoints, called as Segment's HTTP API documents them (Basic auth, write key as user name).</summary>
public sealed class SegmentApiTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private async Task<HttpClient> SegmentClientAsync()
    {
        var client = site.ApiClient(null);
        client.DefaultRequestHeaders.Authorization = Basic(await site.CreateApiKeyAsync());
        return client;
    }

    private async Task<JsonElement> ContactOfAsync(string type, string value)
    {
        await using var scope = await site.TenantScopeAsync("Default");
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var contactId = await db.Identifiers.Where(i => i.TenantId == "Default" && i.Type == type && i.Value == value).Select(i => i.ContactId).SingleAsync();
        using var reader = site.ApiClient(await site.CreateApiKeyAsync("read"));
        return await ReadAsync(await reader.GetAsync($"api/crm/contacts/{contactId}"));
    }

    [Fact]
    public async Task IdentifyTrackPageAliasAndGroupBuildOnePerson()
    {
        using var segment = await SegmentClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await segment.PostAsync("v1/page", Body(new { anonymousId = "anon-seg-1", name = "Pricing", messageId = "seg-p1" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await segment.PostAsync("v1/identify", Body(new
        {
            userId = "user-seg-1", anonymousId = "anon-seg-1", messageId = "seg-i1",
            traits = new { email = "Linus@Kernel.test", firstName = "Linus", lastName = "T", plan = "team" },
        }))).StatusCode);
        var track = await segment.PostAsync("v1/track", Body(new
        {
            userId = "user-seg-1", @event = "Order Completed", messageId = "seg-t1",
            properties = new { revenue = 49.5, currency = "eur" },
        }));
        Assert.Equal("{\"success\":true}", await track.Content.ReadAsStringAsync());
        await segment.PostAsync("v1/page", Body(new { anonymousId = "anon-seg-2", messageId = "seg-p2" }));
        Assert.Equal(HttpStatusCode.OK, (await segment.PostAsync("v1/screen", Body(new { anonymousId = "anon-seg-2", name = "Home", messageId = "seg-s1" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await segment.PostAsync("v1/alias", Body(new { previousId = "anon-seg-2", userId = "user-seg-1", messageId = "seg-a1" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await segment.PostAsync("v1/group", Body(new { userId = "user-seg-1", groupId = "g-42", traits = new { name = "Kernel Org" }, messageId = "seg-g1" }))).StatusCode);

        var contact = await ContactOfAsync("customer_id", "user-seg-1");
        var identifiers = contact.GetProperty("identifiers").EnumerateArray()
            .Select(i => $"{i.GetProperty("type").GetString()}={i.GetProperty("value").GetString()}:{i.GetProperty("verified").GetBoolean()}").ToList();
        Assert.Contains("customer_id=user-seg-1:True", identifiers);
        Assert.Contains("email=Linus@Kernel.test:True", identifiers);
        Assert.Contains("visitor_id=anon-seg-1:False", identifiers);
        Assert.Contains("visitor_id=anon-seg-2:True", identifiers);
        var traits = contact.GetProperty("traits");
        Assert.Equal("Linus", traits.GetProperty("first_name").GetString());
        Assert.Equal("team", traits.GetProperty("plan").GetString());
        Assert.Equal("Kernel Org", contact.GetProperty("company").GetString());
        var conversions = contact.GetProperty("summary").GetProperty("conversionValues")[0];
        Assert.Equal("EUR", conversions.GetProperty("currency").GetString());
        Assert.Equal(49.5m, conversions.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task AnIdentifyReadsIdentifiedOnTheProfileAndInTheActivityStream()
    {
        var user = "user-" + Guid.NewGuid().ToString("N")[..8];
        using var segment = await SegmentClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await segment.PostAsync("v1/identify", Body(new
        {
            userId = user, messageId = $"{user}-i", traits = new { email = $"{user}@seg.test", name = $"Grace {user}" },
            context = new { page = new { url = "https://shop.test/account" } },
        }))).StatusCode);
        var id = (await ContactOfAsync("customer_id", user)).GetProperty("id").GetInt64();

        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var profile = await viewer.GetPageAsync($"/admin/customers/{id}");
        Assert.Equal(["Identified"], profile.QuerySelectorAll("#activity .timeline-row .activity-words").Select(w => w.TextContent.Trim()));
        var stream = await viewer.GetPageAsync("/admin/customers/activity?type=telemetry");
        Assert.Contains(stream.QuerySelectorAll(".stream-row"), r => r.TextContent.Contains($"Grace {user}") && r.QuerySelector(".stream-what")!.TextContent.Trim() == "Identified");
    }

    /// <summary>RudderStack's browser SDK sends identify's traits only as context.traits: the person is named all the same.</summary>
    [Fact]
    public async Task AnIdentifyWithItsTraitsOnlyInTheContextNamesThePerson()
    {
        using var segment = await SegmentClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await segment.PostAsync("v1/identify", Body(new
        {
            userId = "user-ctx-traits", anonymousId = "anon-ctx-traits", messageId = "seg-ctx-i1",
            context = new { traits = new { email = "ctx.traits@seg.test", name = "Ada Context" } },
        }))).StatusCode);

        var contact = await ContactOfAsync("customer_id", "user-ctx-traits");
        var identifiers = contact.GetProperty("identifiers").EnumerateArray()
            .Select(i => $"{i.GetProperty("type").GetString()}={i.GetProperty("value").GetString()}").ToList();
        Assert.Contains("email=ctx.traits@seg.test", identifiers);
        Assert.Equal("Ada Context", contact.GetProperty("name").GetString());
    }

    [Fact]
    public async Task ABatchIsCommittedWholeAndARetriedMessageIdIsStoredOnce()
    {
        using var segment = await SegmentClientAsync();
        var batch = Body(new
        {
            batch = new object[]
            {
                new { type = "identify", userId = "user-batch", traits = new { email = "batch@seg.test" }, messageId = "seg-b1" },
                new { type = "track", userId = "user-batch", @event = "Signed Up", messageId = "seg-b2" },
            },
            sentAt = "2026-11-20T10:00:00Z",
        });
        var json = await batch.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, (await segment.PostAsync("v1/batch", Body(json))).StatusCode);
        var stored = await site.StoredEventCountAsync();
        Assert.Equal(HttpStatusCode.OK, (await segment.PostAsync("v1/batch", Body(json))).StatusCode);
        Assert.Equal(stored, await site.StoredEventCountAsync());
    }

    [Fact]
    public async Task TheEventTimeIsCorrectedForTheSendersClockAsSegmentDoes()
    {
        using var segment = await SegmentClientAsync();
        // The sender's clock runs a day behind: it says the event happened 10 minutes before it was sent.
        var senderNow = DateTimeOffset.UtcNow.AddDays(-1);
        await segment.PostAsync("v1/track", Body(new
        {
            anonymousId = "anon-skew", @event = "Clicked", messageId = "seg-skew",
            timestamp = senderNow.AddMinutes(-10).ToString("O"), sentAt = senderNow.ToString("O"),
        }));
        await using var scope = await site.TenantScopeAsync("Default");
        var activity = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Activities.SingleAsync(a => a.EventId == "seg-skew");
        var expected = DateTime.UtcNow.AddMinutes(-10);
        Assert.InRange(activity.OccurredAt, expected.AddMinutes(-1), expected.AddMinutes(1));
    }

    [Fact]
    public async Task AnOrderWithACurrencyThatIsNotACodeIsKeptWithoutItsValueRatherThanRefused()
    {
        using var segment = await SegmentClientAsync();
        var response = await segment.PostAsync("v1/track", Body(new
        {
            userId = "user-euros", @event = "Order Completed", messageId = "seg-euros", properties = new { revenue = 12, currency = "euros" },
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var scope = await site.TenantScopeAsync("Default");
        var order = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Activities.SingleAsync(a => a.EventId == "seg-euros");
        Assert.Equal("conversion", order.Type);
        Assert.Null(order.ConversionValue);
    }

    public static TheoryData<string, string, string> BadMessages() => new()
    {
        { "v1/identify", "{\"traits\":{\"email\":\"a@b.test\"}}", "needs a userId or an anonymousId" },
        { "v1/track", "{\"userId\":\"u\"}", "track needs an event name" },
        { "v1/alias", "{\"userId\":\"u\"}", "alias needs a previousId and a userId" },
        { "v1/group", "{\"userId\":\"u\"}", "group needs a groupId" },
        { "v1/identify", "{\"userId\":{\"id\":1}}", "userId must be a string or a number" },
        { "v1/identify", "{\"userId\":\"u\",\"traits\":[1]}", "traits must be an object" },
        { "v1/track", "{\"userId\":\"u\",\"event\":\"E\",\"timestamp\":\"soon\"}", "timestamp must be an ISO 8601 date-time" },
        { "v1/track", "{\"type\":\"identify\",\"userId\":\"u\"}", "was sent to /v1/track" },
        { "v1/batch", "{\"batch\":{}}", "the body must be { \"batch\"" },
        { "v1/batch", "{\"batch\":[{\"type\":\"identify\",\"userId\":\"ok\"},{\"type\":\"explode\",\"userId\":\"u\"}]}", "batch[1]: type must be one of" },
        { "v1/page", "{\"anonymousId\":", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task BadMessagesGetAProblemThatNamesItAndStoreNothing(string path, string body, string named)
    {
        using var segment = await SegmentClientAsync();
        var before = await site.StoredEventCountAsync();
        Assert.Contains(named, await ProblemAsync(await segment.PostAsync(path, Body(body)), HttpStatusCode.BadRequest));
        Assert.Equal(before, await site.StoredEventCountAsync());
    }

    [Fact]
    public async Task AWriteKeyIsRequired()
    {
        using var anonymous = site.ApiClient(null);
        await ProblemAsync(await anonymous.PostAsync("v1/identify", Body(new { userId = "u" })), HttpStatusCode.Unauthorized);
        anonymous.DefaultRequestHeaders.Authorization = Basic("not-a-key");
        await ProblemAsync(await anonymous.PostAsync("v1/identify", Body(new { userId = "u" })), HttpStatusCode.Unauthorized);
    }
}
