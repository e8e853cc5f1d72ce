using System.Net;
using System.Text.Json;
using Comerix.Crm.Tests.Site;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Api;

/// <summary>POST /api/crm/events: what an integrator sends, what they get back, and what bad input gets.</summary>
public sealed class EventsApiTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static object FormEvent(string id, string email, string visitor = "v-api-1") => new
    {
        id,
        type = "form",
        occurredAt = "2026-11-20T10:00:00Z",
        claims = new[] { new { type = "visitor_id", value = visitor, verified = false } },
        traits = new { plan = "pro", seats = 3 },
        payload = new { email, name = "Grace Hopper", company = "Navy" },
        record = new { kind = "form", id = "sub-" + id },
    };

    [Fact]
    public async Task AnEventBecomesAContactAndTheDefaultRulesReadItsFormFields()
    {
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        var response = await api.PostAsync("api/crm/events", Body(FormEvent("api-one", "grace@navy.test")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await ReadAsync(response)).GetProperty("events")[0];
        Assert.Equal("created", result.GetProperty("outcome").GetString());
        var contactId = result.GetProperty("contactId").GetInt64();

        using var reader = site.ApiClient(await site.CreateApiKeyAsync("read"));
        var contact = await ReadAsync(await reader.GetAsync($"api/crm/contacts/{contactId}"));
        Assert.Equal("Grace Hopper", contact.GetProperty("name").GetString());
        Assert.Equal("Navy", contact.GetProperty("company").GetString());
        Assert.True(contact.GetProperty("identified").GetBoolean());
        var identifiers = contact.GetProperty("identifiers").EnumerateArray().Select(i => i.GetProperty("type").GetString() + "=" + i.GetProperty("value").GetString()).ToList();
        Assert.Contains("email=grace@navy.test", identifiers);
        Assert.Contains("visitor_id=v-api-1", identifiers);
        Assert.Equal("3", contact.GetProperty("traits").GetProperty("seats").GetString());
    }

    [Fact]
    public async Task ABatchIsAnsweredEventByEventInOrder()
    {
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        var response = await api.PostAsync("api/crm/events", Body(new
        {
            events = new[] { FormEvent("batch-1", "batch@a.test", "v-b1"), FormEvent("batch-2", "batch@a.test", "v-b2") },
        }));
        var events = (await ReadAsync(response)).GetProperty("events");
        Assert.Equal(2, (await ReadAsync(response)).GetProperty("accepted").GetInt32());
        Assert.Equal(["batch-1", "batch-2"], events.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal("created", events[0].GetProperty("outcome").GetString());
        Assert.Equal("attached", events[1].GetProperty("outcome").GetString());
        Assert.Equal(events[0].GetProperty("contactId").GetInt64(), events[1].GetProperty("contactId").GetInt64());
    }

    [Fact]
    public async Task ANamedEventKeepsItsNameSoTheTimelineSaysWhatHappened()
    {
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        var response = await api.PostAsync("api/crm/events", Body(new
        {
            events = new object[]
            {
                new { id = "named-1", type = "telemetry", name = "clicked_buy_button", occurredAt = "2026-11-20T10:00:00Z",
                      claims = new[] { new { type = "visitor_id", value = "v-named", verified = false } } },
                new { id = "named-2", type = "telemetry", name = "ignored_here", occurredAt = "2026-11-20T10:01:00Z",
                      claims = new[] { new { type = "visitor_id", value = "v-named", verified = false } },
                      payload = new { @event = "Set by the payload", price = 9 } },
            },
        }));
        var contactId = (await ReadAsync(response)).GetProperty("events")[0].GetProperty("contactId").GetInt64();
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var timeline = (await viewer.GetPageAsync($"/admin/customers/{contactId}")).QuerySelector(".timeline")!.TextContent;
        Assert.Contains("clicked_buy_button", timeline);
        Assert.Contains("Set by the payload", timeline); // the payload's own "event" is kept as sent
        Assert.DoesNotContain("ignored_here", timeline);
    }

    [Fact]
    public async Task ARetryWithTheSameIdStoresOneEventAndAnswersWithTheSameContact()
    {
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        var first = await api.PostAsync("api/crm/events", Body(FormEvent("retry-1", "retry@a.test", "v-r")));
        var before = await site.StoredEventCountAsync();
        var second = await api.PostAsync("api/crm/events", Body(FormEvent("retry-1", "retry@a.test", "v-r")));
        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(before, await site.StoredEventCountAsync());
        var a = (await ReadAsync(first)).GetProperty("events")[0];
        var b = (await ReadAsync(second)).GetProperty("events")[0];
        Assert.Equal(a.GetProperty("contactId").GetInt64(), b.GetProperty("contactId").GetInt64());
        Assert.Equal("duplicate", b.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task JunkClaimsAreDroppedAndNamedWithoutEchoingTheValue()
    {
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        var response = await api.PostAsync("api/crm/events", Body(new
        {
            id = "junk-1", type = "telemetry", occurredAt = "2026-11-20T10:00:00Z",
            claims = new[] { new { type = "email", value = "undefined" }, new { type = "visitor_id", value = "v-junk" } },
        }));
        var result = (await ReadAsync(response)).GetProperty("events")[0];
        var dropped = result.GetProperty("droppedClaims")[0];
        Assert.Equal("email", dropped.GetProperty("type").GetString());
        Assert.Equal("junk", dropped.GetProperty("reason").GetString());
        Assert.DoesNotContain("undefined", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadBodies() => new()
    {
        { "malformed JSON", "{\"id\": \"x\",", HttpStatusCode.BadRequest, "not valid JSON" },
        { "empty body", "", HttpStatusCode.BadRequest, "empty" },
        { "a string", "\"hello\"", HttpStatusCode.BadRequest, "must be an event object" },
        { "wrong type", "{\"id\":\"w1\",\"type\":\"form\",\"occurredAt\":\"tuesday\",\"claims\":[{\"type\":\"email\",\"value\":\"a@b.test\"}]}", HttpStatusCode.BadRequest, "$.occurredAt has the wrong type" },
        { "verified as string", "{\"id\":\"w2\",\"type\":\"form\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"claims\":[{\"type\":\"email\",\"value\":\"a@b.test\",\"verified\":\"yes\"}]}", HttpStatusCode.BadRequest, "verified has the wrong type" },
        { "unknown field", "{\"id\":\"w3\",\"type\":\"form\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"emial\":\"a@b.test\",\"claims\":[{\"type\":\"email\",\"value\":\"a@b.test\"}]}", HttpStatusCode.BadRequest, "$.emial is not a field" },
        { "unknown identifier type", "{\"id\":\"w4\",\"type\":\"form\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"claims\":[{\"type\":\"fax\",\"value\":\"1\"}]}", HttpStatusCode.BadRequest, "'fax' is unknown" },
        { "missing id", "{\"type\":\"form\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"claims\":[{\"type\":\"email\",\"value\":\"a@b.test\"}]}", HttpStatusCode.BadRequest, "id is required" },
        { "no claims", "{\"id\":\"w5\",\"type\":\"telemetry\",\"occurredAt\":\"2026-11-20T10:00:00Z\"}", HttpStatusCode.BadRequest, "at least one identifier claim" },
        { "trait object", "{\"id\":\"w6\",\"type\":\"form\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"claims\":[{\"type\":\"email\",\"value\":\"a@b.test\"}],\"traits\":{\"address\":{\"city\":\"Oslo\"}}}", HttpStatusCode.BadRequest, "traits.address must be a string" },
        { "payload array", "{\"id\":\"w7\",\"type\":\"form\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"claims\":[{\"type\":\"email\",\"value\":\"a@b.test\"}],\"payload\":[1]}", HttpStatusCode.BadRequest, "payload must be a JSON object" },
        { "empty batch", "{\"events\":[]}", HttpStatusCode.BadRequest, "the batch is empty" },
        { "NUL in a value", "{\"id\":\"w10\",\"type\":\"form\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"claims\":[{\"type\":\"email\",\"value\":\"a\\u0000@b.test\"}]}", HttpStatusCode.BadRequest, "claims[0].value contains a NUL character" },
        { "lone surrogate", "{\"id\":\"w11\",\"type\":\"form\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"claims\":[{\"type\":\"email\",\"value\":\"a@b.test\"}],\"traits\":{\"name\":\"\\ud800\"}}", HttpStatusCode.BadRequest, "unpaired UTF-16 surrogate" },
        { "one bad event in a batch", "{\"events\":[{\"id\":\"w8\",\"type\":\"form\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"claims\":[{\"type\":\"email\",\"value\":\"ok@b.test\"}]},{\"id\":\"w9\",\"type\":\"Form!\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"claims\":[{\"type\":\"email\",\"value\":\"a@b.test\"}]}]}", HttpStatusCode.BadRequest, "events[1]: type 'Form!' is not valid" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadInputGetsAProblemThatNamesItAndStoresNothing(string what, string body, HttpStatusCode status, string named)
    {
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        var before = await site.StoredEventCountAsync();
        var detail = await ProblemAsync(await api.PostAsync("api/crm/events", Body(body)), status);
        Assert.True(detail.Contains(named, StringComparison.Ordinal), $"{what}: '{detail}' does not say '{named}'");
        Assert.Equal(before, await site.StoredEventCountAsync());
    }

    [Fact]
    public async Task ABodyOverTheLimitIs413AndABodyThatIsNotJsonIs415()
    {
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        var huge = "{\"events\":[" + string.Join(",", Enumerable.Repeat("{\"id\":\"x\",\"type\":\"form\",\"payload\":{\"pad\":\"" + new string('x', 2000) + "\"}}", 600)) + "]}";
        Assert.Contains("limited to 1,048,576 bytes", await ProblemAsync(await api.PostAsync("api/crm/events", Body(huge)), HttpStatusCode.RequestEntityTooLarge));
        await ProblemAsync(await api.PostAsync("api/crm/events", Body("id=1", "application/x-www-form-urlencoded")), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task MissingWrongAndRevokedKeysGet401AndAReadOnlyKeyGets403()
    {
        var body = JsonSerializer.Serialize(FormEvent("auth-1", "auth@a.test"));
        using (var anonymous = site.ApiClient(null))
        {
            var response = await anonymous.PostAsync("api/crm/events", Body(body));
            Assert.Contains("Send an API key", await ProblemAsync(response, HttpStatusCode.Unauthorized));
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
        using (var wrong = site.ApiClient("cxk_aaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"))
        {
            Assert.Contains("not valid for this site", await ProblemAsync(await wrong.PostAsync("api/crm/events", Body(body)), HttpStatusCode.Unauthorized));
        }
        using (var malformed = site.ApiClient("let-me-in"))
        {
            Assert.Contains("malformed", await ProblemAsync(await malformed.PostAsync("api/crm/events", Body(body)), HttpStatusCode.Unauthorized));
        }
        using (var readOnly = site.ApiClient(await site.CreateApiKeyAsync("read")))
        {
            Assert.Contains("lacks the scope", await ProblemAsync(await readOnly.PostAsync("api/crm/events", Body(body)), HttpStatusCode.Forbidden));
        }
        var key = await site.CreateApiKeyAsync();
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var keys = scope.ServiceProvider.GetRequiredService<Comerix.Crm.Api.Keys.ApiKeyService>();
            Assert.True(await keys.RevokeAsync("Default", key.Split('_')[1], "test"));
        }
        using var revoked = site.ApiClient(key);
        var before = await site.StoredEventCountAsync();
        Assert.Contains("revoked", await ProblemAsync(await revoked.PostAsync("api/crm/events", Body(body)), HttpStatusCode.Unauthorized));
        Assert.Equal(before, await site.StoredEventCountAsync());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheApis()
    {
        using var client = site.ApiClient(null);
        var document = await ReadAsync(await client.GetAsync("openapi/crm.json"));
        Assert.Equal("Comerix CRM API", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/crm/events", paths);
        Assert.Contains("/api/crm/contacts/{id}", paths);
        Assert.Contains("/v1/batch", paths);
        Assert.Contains("/v1/identify", paths);
    }
}
