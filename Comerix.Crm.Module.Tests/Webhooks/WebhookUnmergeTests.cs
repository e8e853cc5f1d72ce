using System.Net;
using System.Text.Json;
using Comerix.Crm.Data;
using Comerix.Crm.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Webhooks;

/// <summary>An undone merge is a <c>contact.unmerged</c> delivery: the survivor as the undo left it, and the contact that came back.</summary>
public sealed class WebhookUnmergeTests(WebhookSiteFactory site) : IClassFixture<WebhookSiteFactory>
{
    [Fact]
    public async Task AReceiverHearsThatAMergeWasUndone()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await site.AddEndpointAsync(receiver, CrmEventTypes.ContactUnmerged);
        var word = Guid.NewGuid().ToString("N")[..8];
        var visitor = (await site.IngestAsync(Telemetry($"{word}-1", Day1, Visitor($"wv-{word}"))))[0].ContactId!.Value;
        var person = (await site.IngestAsync(Form($"{word}-2", Day1, Email($"wh.{word}@undo.test"))))[0].ContactId!.Value;
        await site.IngestAsync(Chat($"{word}-3", Day1, Visitor($"wv-{word}"), Email($"wh.{word}@undo.test")));
        long mergeId;
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            mergeId = (await scope.ServiceProvider.GetRequiredService<CrmDbContext>().MergeHistory.SingleAsync(m => m.MergedId == visitor)).Id;
        }
        using var manager = await site.SignInAsync(Site.SiteFactory.ManagerEmail);
        var undo = $"/admin/customers/merges/{mergeId}/undo";
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(undo, undo, [])).StatusCode);

        await receiver.WaitUntilAsync(r => r.Succeeded.Count == 1);
        var received = Assert.Single(receiver.Requests);
        Assert.True(received.SignatureValid);
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("contact.unmerged", body.GetProperty("type").GetString());
        var data = body.GetProperty("data");
        Assert.Equal(person, data.GetProperty("id").GetInt64());
        Assert.Equal(visitor, data.GetProperty("restoredId").GetInt64());
        Assert.DoesNotContain(data.GetProperty("contact").GetProperty("identifiers").EnumerateArray(),
            i => i.GetProperty("value").GetString() == $"wv-{word}");
    }
}
