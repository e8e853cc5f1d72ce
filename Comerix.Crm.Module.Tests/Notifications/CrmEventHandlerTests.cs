using System.Net;
using System.Text;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Notifications;
using Comerix.Crm.Resolution;
using Comerix.Crm.Tests.Site;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Notifications;

/// <summary>
/// A host's in-process handlers (<see cref="ICrmEventHandler{T}"/>) see every change after it committed, with the ids a
/// workflow needs; a change that rolls back raises nothing; a handler that fails does not fail the change.
/// </summary>
public sealed class CrmEventHandlerTests(HandlerSiteFactory site) : IClassFixture<HandlerSiteFactory>
{
    private RecordedNotifications Recorded => site.Recorded;

    private static StringContent Event(string id, string type, object claims, object? traits = null) =>
        Body(new { id, type, occurredAt = "2026-11-20T10:00:00Z", claims, traits });

    [Fact]
    public async Task EveryChangeRaisesItsNotificationAfterCommitWithTheRightIds()
    {
        var tag = "n" + Guid.NewGuid().ToString("N")[..8];
        var email = $"nia.{tag}@events.test";
        using var api = site.ApiClient(await site.CreateApiKeyAsync("ingest,read"));

        // An anonymous visitor: created (the failing handler registered first does not stop the others, nor the answer).
        var anonymous = await api.PostAsync("api/crm/events", Event($"{tag}-1", "telemetry", new[] { new { type = "visitor_id", value = $"v-{tag}" } }));
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        var id = (await ReadAsync(anonymous)).GetProperty("events")[0].GetProperty("contactId").GetInt64();
        var created = Assert.Single(Recorded.Of<ContactCreated>(), n => n.ContactId == id);
        Assert.Equal("Default", created.TenantId);
        Assert.False(created.Contact!.Identified);

        // The visitor fills in a form: identified, and updated in profile and traits.
        await api.PostAsync("api/crm/events", Event($"{tag}-2", "form",
            new object[] { new { type = "visitor_id", value = $"v-{tag}" }, new { type = "email", value = email } }, new { name = "Nia Tagliaferro", plan = "gold" }));
        var identified = Assert.Single(Recorded.Of<ContactIdentified>(), n => n.ContactId == id);
        Assert.Equal(email, identified.Contact!.Email);
        Assert.Contains(identified.Contact.Identifiers, i => i.Type == "email" && i.Value == email);
        var updated = Recorded.Of<ContactUpdated>().Single(n => n.ContactId == id);
        Assert.Equal(["profile", "traits"], updated.Changed);
        Assert.Equal("gold", updated.Contact!.Traits["plan"]);

        // A tag from the admin.
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await manager.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/tags", new() { ["Input.Label"] = "VIP" });
        Assert.Contains(Recorded.Of<ContactUpdated>(), n => n.ContactId == id && n.Changed.SequenceEqual(["tags"]));

        // A second record of the person, merged in.
        var other = (await site.IngestAsync(Form($"{tag}-3", Day1, Email($"nia.work.{tag}@events.test"))))[0].ContactId!.Value;
        await site.Services.GetRequiredService<IdentityEngine>().MergeAsync("Default", other, id, "test");
        var merged = Assert.Single(Recorded.Of<ContactMerged>(), n => n.SurvivorId == id);
        Assert.Equal([other], merged.MergedIds);

        // Do not contact, set and lifted through the API.
        await api.PostAsync("api/crm/do-not-contact", Body(new { type = "email", value = email, reason = "unsubscribed" }));
        Assert.Equal("unsubscribed", Assert.Single(Recorded.Of<DoNotContactSet>(), n => n.ContactId == id).Reason);
        await api.PostAsync("api/crm/do-not-contact/lift", Body(new { type = "email", value = email, why = "Subscribed again" }));
        Assert.Single(Recorded.Of<DoNotContactLifted>(), n => n.ContactId == id);

        // Delete & forget: the id, nothing else.
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        var erased = await admin.PostFormAsync($"/admin/customers/{id}/delete", $"/admin/customers/{id}/delete", new() { ["Confirmation"] = email });
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        var gone = Assert.Single(Recorded.Of<ContactErased>(), n => n.ContactId == id);
        Assert.Null(gone.Contact);
    }

    [Fact]
    public async Task AnUntrustworthyTieQueuesAReviewNamingBothContacts()
    {
        var tag = "r" + Guid.NewGuid().ToString("N")[..8];
        var first = await site.IngestAsync(
            Conversion($"{tag}-1", Day1, 5m, CustomerId($"cust-1-{tag}"), Visitor($"v1-{tag}")),
            Conversion($"{tag}-2", Day1, 5m, CustomerId($"cust-2-{tag}"), Visitor($"v2-{tag}")));
        var tie = await site.IngestAsync(Telemetry($"{tag}-3", Day1.AddDays(1), Visitor($"v1-{tag}", verified: true), Visitor($"v2-{tag}", verified: true)));
        Assert.Equal(IngestOutcome.QueuedForReview, tie[0].Outcome);

        var queued = Assert.Single(Recorded.Of<ReviewQueued>(), n => n.ContactId == first[0].ContactId);
        Assert.Equal(first[1].ContactId, queued.CandidateId);
        Assert.True(queued.ReviewId > 0);
    }

    [Fact]
    public async Task AChangeThatRollsBackRaisesNothing()
    {
        site.StartServer();
        var transactions = site.Services.GetRequiredService<Comerix.Crm.Identity.Admin.AdminTransactions>();
        var before = Recorded.All.Count;

        await Assert.ThrowsAsync<InvalidOperationException>(() => transactions.RunAsync<bool>("Default", async uow =>
        {
            var contact = await uow.CreateContactAsync("manual", DateTime.UtcNow);
            uow.Raise(new ContactUpdated("Default", contact.Id, ["tags"]));
            throw new InvalidOperationException("rolled back");
        }, CancellationToken.None));
        // A batch with one bad event stores nothing, and so raises nothing.
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        var bad = await api.PostAsync("api/crm/events", Body(new
        {
            events = new object[]
            {
                new { id = "rollback-ok", type = "form", occurredAt = "2026-11-20T10:00:00Z", claims = new[] { new { type = "email", value = "rollback@events.test" } } },
                new { id = "rollback-bad", type = "form" },
            },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        Assert.Equal(before, Recorded.All.Count);
    }

    [Fact]
    public async Task BulkTagsAndBulkMarksRaiseOneNotificationPerContactTheyChanged()
    {
        var tag = "b" + Guid.NewGuid().ToString("N")[..8];
        var people = await site.IngestAsync(
            Form($"{tag}-1", Day1, Email($"one.{tag}@events.test")), Form($"{tag}-2", Day1, Email($"two.{tag}@events.test")));
        var ids = people.Select(p => p.ContactId!.Value).ToList();
        await using var scope = await site.TenantScopeAsync("Default");
        var bulk = scope.ServiceProvider.GetRequiredService<Comerix.Crm.Contacts.Directory.ContactBulkTagger>();

        await bulk.AddAsync("Default", [ids[0]], $"Early {tag}", "test", chosenBy: "test");
        var result = await bulk.AddAsync("Default", ids, $"Early {tag}", "test", chosenBy: "test");
        Assert.Equal(1, result.Tagged);
        Assert.Equal(2, Recorded.Of<ContactUpdated>().Count(n => ids.Contains(n.ContactId) && n.Changed.SequenceEqual(["tags"])));
        await bulk.RemoveAsync("Default", ids, $"early {tag}", "test", chosenBy: "test");
        Assert.Equal(4, Recorded.Of<ContactUpdated>().Count(n => ids.Contains(n.ContactId) && n.Changed.SequenceEqual(["tags"])));

        await scope.ServiceProvider.GetRequiredService<Comerix.Crm.Contacts.Directory.DoNotContactList>()
            .MarkManyAsync("Default", ids.Select(id => (id, "unsubscribed")).ToList(), "test", chosenBy: "test");
        Assert.Equal(ids.Order(), Recorded.Of<DoNotContactSet>().Where(n => ids.Contains(n.ContactId)).Select(n => n.ContactId).Order());
    }

    [Fact]
    public async Task AnImportRaisesImportCompletedWithItsCounts()
    {
        var tag = "i" + Guid.NewGuid().ToString("N")[..8];
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var file = $"Name,Email\nAda {tag},ada.{tag}@events.test\nGrace {tag},grace.{tag}@events.test\n";
        var upload = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "people.csv", Encoding.UTF8.GetBytes(file));
        var jobUrl = upload.Headers.Location!.OriginalString;
        var start = await manager.PostFormAsync(jobUrl, $"{jobUrl}?handler=start", new() { ["map[0]"] = "name", ["map[1]"] = "email" });
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);

        var done = await Recorded.WaitForAsync<ImportCompleted>(n => jobUrl.Contains(n.ImportId, StringComparison.Ordinal));
        Assert.Equal((2, 2, 0), (done.Rows, done.Created, done.Failed));
    }
}
