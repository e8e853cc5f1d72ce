using System.Net;
using System.Text.Json;
using Comerix.Crm.Tests.Site;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Api;

/// <summary>
/// Contact fields set by events (issue 19): the native API's <c>fields</c> (an unknown field or a wrong value refuses
/// the event by name, storing nothing), a Segment identify's trait whose name is a field's key (a trait that is not a
/// field stays a trait), and an identity rule's "Set traits" naming <c>field:key</c>.
/// </summary>
public sealed class EventFieldsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static string Word() => "e" + Guid.NewGuid().ToString("N")[..7];

    private async Task DefineAsync(SiteClient manager, string key, string type, string options = "")
    {
        var made = await manager.PostFormAsync("/admin/customers/fields", "/admin/customers/fields?handler=create",
            new() { ["Input.Key"] = key, ["Input.Label"] = key, ["Input.Type"] = type, ["Input.Options"] = options });
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
    }

    private async Task<JsonElement> ContactAsync(long id)
    {
        using var reader = site.ApiClient(await site.CreateApiKeyAsync("read"));
        return await ReadAsync(await reader.GetAsync($"api/crm/contacts/{id}"));
    }

    [Fact]
    public async Task TheNativeApiSetsFieldsAndRefusesOnesThatAreNotFieldsOrNotTheirValues()
    {
        var word = Word();
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await DefineAsync(manager, $"plan_{word}", "one-of", "Free\nPro");
        await DefineAsync(manager, $"seats_{word}", "number");
        await DefineAsync(manager, $"trial_{word}", "yes-no");
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        object Event(string id, object fields) => new
        {
            id, type = "form", occurredAt = "2026-12-01T10:00:00Z", claims = new[] { new { type = "email", value = $"{id}@event-fields.test" } }, fields,
        };

        var before = await site.StoredEventCountAsync();
        var unknown = await api.PostAsync("api/crm/events", Body(Event($"a-{word}", new Dictionary<string, object> { ["nope"] = "x" })));
        Assert.Contains("fields.nope: there is no contact field with the key 'nope'", await ProblemAsync(unknown, HttpStatusCode.BadRequest));
        var wrong = await api.PostAsync("api/crm/events", Body(Event($"a-{word}", new Dictionary<string, object> { [$"seats_{word}"] = "many" })));
        Assert.Contains($"fields.seats_{word}: \u201Cmany\u201D is not a number", await ProblemAsync(wrong, HttpStatusCode.BadRequest));
        var shape = await api.PostAsync("api/crm/events", Body(Event($"a-{word}", new Dictionary<string, object> { [$"plan_{word}"] = new { nested = 1 } })));
        Assert.Contains($"fields.plan_{word} must be a string, number, boolean or an array of strings", await ProblemAsync(shape, HttpStatusCode.BadRequest));
        Assert.Equal(before, await site.StoredEventCountAsync());

        var stored = await PostEventAsync(api, Event($"a-{word}", new Dictionary<string, object> { [$"plan_{word}"] = "pro", [$"seats_{word}"] = 12, [$"trial_{word}"] = true }));
        var fields = (await ContactAsync(stored.GetProperty("contactId").GetInt64())).GetProperty("fields");
        Assert.Equal("Pro", fields.GetProperty($"plan_{word}").GetString());
        Assert.Equal(12, fields.GetProperty($"seats_{word}").GetInt32());
        Assert.True(fields.GetProperty($"trial_{word}").GetBoolean());
    }

    [Fact]
    public async Task ASegmentIdentifysTraitThatIsAFieldSetsItAndOtherTraitsStayTraits()
    {
        var word = Word();
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await DefineAsync(manager, $"plan_{word}", "one-of", "Free\nPro");
        using var segment = site.ApiClient(null);
        segment.DefaultRequestHeaders.Authorization = Basic(await site.CreateApiKeyAsync());
        Assert.Equal(HttpStatusCode.OK, (await segment.PostAsync("v1/identify", Body(new
        {
            userId = $"user-{word}", messageId = $"m-{word}", traits = new Dictionary<string, object> { ["email"] = $"{word}@event-fields.test", [$"plan_{word}"] = "Free", ["colour"] = "blue" },
        }))).StatusCode);
        // A value that is not one of the field's: the identify is still taken, the value stays a trait only.
        Assert.Equal(HttpStatusCode.OK, (await segment.PostAsync("v1/identify", Body(new
        {
            userId = $"user-{word}", messageId = $"m2-{word}", traits = new Dictionary<string, object> { [$"plan_{word}"] = "Platinum" },
        }))).StatusCode);

        var href = (await manager.GetPageAsync($"/admin/customers?audience=all&q={word}")).QuerySelector("#contact-results a.customer")!.GetAttribute("href")!;
        var contact = await ContactAsync(long.Parse(href.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Free", contact.GetProperty("fields").GetProperty($"plan_{word}").GetString());
        Assert.Equal("blue", contact.GetProperty("traits").GetProperty("colour").GetString());
    }

    [Fact]
    public async Task ARulesSetTraitsCanFillAContactField()
    {
        var own = site;
        var word = Word();
        using var manager = await own.SignInAsync(SiteFactory.ManagerEmail);
        var made = await manager.PostFormAsync("/admin/customers/fields", "/admin/customers/fields?handler=create",
            new() { ["Input.Key"] = $"seats_{word}", ["Input.Label"] = $"Seats {word}", ["Input.Type"] = "number", ["Input.Options"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        const string create = "/admin/customers/matching/rules/create";
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(create, create, new()
        {
            ["Input.Name"] = $"Seats from signups {word}", ["Input.Enabled"] = "true", ["Input.Trigger"] = "custom", ["Input.EventType"] = $"signup.{word}",
            ["Input.Traits[0].Field"] = "quantity", ["Input.Traits[0].Trait"] = $"field:seats_{word}",
        })).StatusCode);
        using var api = own.ApiClient(await own.CreateApiKeyAsync());
        var stored = await PostEventAsync(api, new
        {
            id = $"s-{word}", type = $"signup.{word}", occurredAt = "2026-12-01T10:00:00Z", claims = new[] { new { type = "email", value = $"{word}@event-fields.test" } },
            payload = new { quantity = "25" },
        });
        using var reader = own.ApiClient(await own.CreateApiKeyAsync("read"));
        var contact = await ReadAsync(await reader.GetAsync($"api/crm/contacts/{stored.GetProperty("contactId").GetInt64()}"));
        Assert.Equal(25, contact.GetProperty("fields").GetProperty($"seats_{word}").GetInt32());
        Assert.False(contact.GetProperty("traits").TryGetProperty($"field:seats_{word}", out _));
    }
}
