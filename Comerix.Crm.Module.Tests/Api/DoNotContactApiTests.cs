using System.Net;
using Comerix.Crm.Identity.Resolution;
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
        Assert.Contains(timeline.GetProperty("activities").EnumerateArray(),
            a => a.GetProperty("payload").GetProperty("text").GetString() == "Contact allowed again: Subscribed again at checkout");
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

        // A read-only key may not change anyone.
        using var reader = site.ApiClient(await site.CreateApiKeyAsync("read"));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await reader.PostAsync("api/crm/do-not-contact", Body(new { type = "email", value = "x@dnc-api.test", reason = "bounced" }))).StatusCode);
    }
}
