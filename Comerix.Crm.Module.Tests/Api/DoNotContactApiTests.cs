using System.Net;
using Comerix.Crm.Resolution;
using Comerix.Crm.Tests.Site;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Api;

/// <summary>The do-not-contact API: what an unsubscribe, bounce or complaint webhook of a mailing tool calls.</summary>
public sealed class DoNotContactApiTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private async Task<long> PersonAsync(string email) =>
        (await site.Services.GetRequiredService<IdentityEngine>().IngestBatchAsync("Default", [Form("dnc-api-" + email, Day1, Email(email))]))[0].ContactId!.Value;

    [Fact]
    public async Task AnUnsubscribeWebhookMarksThePersonByEmailAndARepeatChangesNothing()
    {
        site.StartServer();
        var id = await PersonAsync("uma@dnc-api.test");
        using var api = site.ApiClient(await site.CreateApiKeyAsync("ingest,read"));

        // As the mailing tool knows the address: another case, spaces around it.
        var marked = await api.PostAsync("api/crm/do-not-contact", Body(new { type = "email", value = "  UMA@dnc-api.test ", reason = "unsubscribed" }));
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        var answer = await ReadAsync(marked);
        Assert.Equal(id, answer.GetProperty("contactId").GetInt64());
        Assert.True(answer.GetProperty("changed").GetBoolean());
        Assert.Equal("unsubscribed", answer.GetProperty("doNotContact").GetProperty("reason").GetString());

        var again = await ReadAsync(await api.PostAsync("api/crm/do-not-contact", Body(new { type = "email", value = "uma@dnc-api.test", reason = "complaint" })));
        Assert.False(again.GetProperty("changed").GetBoolean());
        Assert.Equal("unsubscribed", again.GetProperty("doNotContact").GetProperty("reason").GetString());

        var read = await ReadAsync(await api.GetAsync($"api/crm/contacts/{id}"));
        Assert.Equal("unsubscribed", read.GetProperty("doNotContact").GetProperty("reason").GetString());

        // Lifting needs words, which land on the timeline.
        var noWhy = await api.PostAsync("api/crm/do-not-contact/lift", Body(new { type = "email", value = "uma@dnc-api.test" }));
        Assert.Contains("why is missing", await ProblemAsync(noWhy, HttpStatusCode.BadRequest));
        var lifted = await ReadAsync(await api.PostAsync("api/crm/do-not-contact/lift",
            Body(new { type = "email", value = "uma@dnc-api.test", why = "Subscribed again at checkout" })));
        Assert.True(lifted.GetProperty("changed").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, lifted.GetProperty("doNotContact").ValueKind);
        var timeline = await ReadAsync(await api.GetAsync($"api/crm/contacts/{id}/activities"));
        var note = timeline.GetProperty("activities").EnumerateArray().Where(a => a.GetProperty("type").GetString() == "note")
            .Single(a => a.GetProperty("payload").GetProperty("text").GetString() == "Contact allowed again: Subscribed again at checkout");
        // Done by the key, named as an admin named it.
        Assert.StartsWith("API key \u201CTest key\u201D (", note.GetProperty("payload").GetProperty("by").GetString());
    }

    [Fact]
    public async Task ANumericCustomerIdNamesThePersonAndTheOpenApiDocumentTellsMarkFromLift()
    {
        site.StartServer();
        var id = (await site.Services.GetRequiredService<IdentityEngine>().IngestBatchAsync("Default",
            [Conversion("dnc-api-order", Day1, 25m, CustomerId("90817"))]))[0].ContactId!.Value;
        using var api = site.ApiClient(await site.CreateApiKeyAsync("ingest"));

        var marked = await ReadAsync(await api.PostAsync("api/crm/do-not-contact", Body("""{"type":"customer_id","value":90817,"reason":"asked"}""")));
        Assert.Equal(id, marked.GetProperty("contactId").GetInt64());

        var document = await ReadAsync(await api.GetAsync("openapi/crm.json"));
        IEnumerable<string?> Required(string path) => document.GetProperty("paths").GetProperty(path).GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema")
            .GetProperty("required").EnumerateArray().Select(r => r.GetString());
        Assert.Equal(["type", "value", "reason"], Required("/api/crm/do-not-contact"));
        Assert.Equal(["type", "value", "why"], Required("/api/crm/do-not-contact/lift"));
    }

    [Fact]
    public async Task BadRequestsAndUnknownPeopleChangeNothingAndSayWhy()
    {
        site.StartServer();
        using var api = site.ApiClient(await site.CreateApiKeyAsync("ingest"));

        var bad = await api.PostAsync("api/crm/do-not-contact", Body(new { type = "fax", reason = "because" }));
        var text = await ProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Contains("type 'fax' is unknown", text);
        Assert.Contains("value is missing", text);
        Assert.Contains("reason 'because' is unknown", text);

        Assert.Contains("not a usable email", await ProblemAsync(
            await api.PostAsync("api/crm/do-not-contact", Body(new { type = "email", value = "not-an-address", reason = "bounced" })), HttpStatusCode.BadRequest));
        Assert.Contains("No contact holds this email", await ProblemAsync(
            await api.PostAsync("api/crm/do-not-contact", Body(new { type = "email", value = "nobody@dnc-api.test", reason = "bounced" })), HttpStatusCode.NotFound));
        Assert.Contains("JSON object", await ProblemAsync(await api.PostAsync("api/crm/do-not-contact", Body("[1]")), HttpStatusCode.BadRequest));

        // Every problem at once: the value's own check among them.
        var several = await ProblemAsync(await api.PostAsync("api/crm/do-not-contact", Body(new { type = "phone", value = "abc", reason = "spam" })), HttpStatusCode.BadRequest);
        Assert.Contains("reason 'spam' is unknown", several);
        Assert.Contains("value is not a usable phone", several);
        // A field this endpoint does not take, a field given twice, a value of the wrong JSON type.
        Assert.Contains("field 'why' is unknown here", await ProblemAsync(await api.PostAsync("api/crm/do-not-contact",
            Body(new { type = "email", value = "x@dnc-api.test", reason = "other", why = "lost otherwise" })), HttpStatusCode.BadRequest));
        Assert.Contains("field 'value' is given more than once", await ProblemAsync(await api.PostAsync("api/crm/do-not-contact",
            Body("""{"type":"email","value":"a@dnc-api.test","value":"b@dnc-api.test","reason":"asked"}""")), HttpStatusCode.BadRequest));
        Assert.Contains("reason must be a string, not number", await ProblemAsync(await api.PostAsync("api/crm/do-not-contact",
            Body("""{"type":"email","value":"a@dnc-api.test","reason":3}""")), HttpStatusCode.BadRequest));

        // A read-only key may not change anyone.
        using var reader = site.ApiClient(await site.CreateApiKeyAsync("read"));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await reader.PostAsync("api/crm/do-not-contact", Body(new { type = "email", value = "x@dnc-api.test", reason = "bounced" }))).StatusCode);
    }
}
