using Comerix.Crm.Contacts;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Matching;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Identity.Resolution;

public sealed class ReviewQueueTests : EngineTestBase
{
    private Task<(long Ada, long Bob, IngestResult Tie)> TwoPeopleTiedByAnUnverifiedFormAsync() => ReviewPairs.TiedByAnUnverifiedFormAsync(IngestAsync);

    [Fact]
    public async Task ApprovingAReviewItemMergesThePair()
    {
        var (ada, bob, _) = await TwoPeopleTiedByAnUnverifiedFormAsync();
        var item = await Db.QueryAsync(ctx => ctx.MergeReviews.SingleAsync());

        var decision = await Db.Reviews.ApproveAsync(Tenant, item.Id, "manager@site");

        Assert.Equal(MergeReviewStatus.Approved, decision.Status);
        var survivor = Assert.Single(await Db.LiveContactsAsync());
        Assert.Equal(decision.SurvivorId, survivor.Id);
        Assert.Contains(survivor.Id, new[] { ada, bob });
        Assert.Equal(MergeReviewStatus.Approved, (await Db.QueryAsync(ctx => ctx.MergeReviews.SingleAsync())).Status);
    }

    [Fact]
    public async Task ARejectedPairIsNeverQueuedAgain()
    {
        var (ada, _, _) = await TwoPeopleTiedByAnUnverifiedFormAsync();
        var item = await Db.QueryAsync(ctx => ctx.MergeReviews.SingleAsync());
        await Db.Reviews.RejectAsync(Tenant, item.Id, "manager@site");

        var again = await IngestAsync(Form("f4", Day1.AddDays(2), Email("ada@example.com"), Phone("+14155552671")));

        Assert.Equal(ada, again.ContactId);
        var items = await Db.QueryAsync(ctx => ctx.MergeReviews.ToListAsync());
        Assert.Equal(MergeReviewStatus.Rejected, Assert.Single(items).Status);
        Assert.Equal(2, (await Db.LiveContactsAsync()).Count);
    }

    [Fact]
    public async Task DecidingTwiceChangesNothingTheSecondTime()
    {
        await TwoPeopleTiedByAnUnverifiedFormAsync();
        var item = await Db.QueryAsync(ctx => ctx.MergeReviews.SingleAsync());
        await Db.Reviews.RejectAsync(Tenant, item.Id, "manager@site");

        var second = await Db.Reviews.ApproveAsync(Tenant, item.Id, "other@site");

        Assert.True(second.AlreadyDecided);
        Assert.Equal(MergeReviewStatus.Rejected, second.Status);
        Assert.Equal(2, (await Db.LiveContactsAsync()).Count);
    }

    [Fact]
    public async Task AnUnverifiedTieIsSettledByTheEngineOnceAVerifiedEventArrives()
    {
        var (ada, bob, _) = await TwoPeopleTiedByAnUnverifiedFormAsync();

        var order = await IngestAsync(Conversion("o1", Day1.AddDays(3), 9m, Email("ada@example.com", true), Phone("+14155552671", true)));

        Assert.Equal(IngestOutcome.Merged, order.Outcome);
        Assert.Single(await Db.LiveContactsAsync());
        Assert.Equal(MergeReviewStatus.Approved, (await Db.QueryAsync(ctx => ctx.MergeReviews.SingleAsync())).Status);
        Assert.Contains(order.ContactId!.Value, new[] { ada, bob });
        Assert.Equal(ContactState.Live, (await Db.ContactAsync(order.ContactId!.Value)).State);
    }
}

/// <summary>
/// When the engine queues a pair instead of merging it. Run on SQLite by <see cref="ReviewQueueingTests"/> and on the
/// in-memory resolution store by <see cref="ReviewQueueingInMemoryTests"/>; deciding a queued pair is the module's
/// (<see cref="ReviewQueueTests"/>).
/// </summary>
public abstract class ReviewQueueingScenarios(string store) : ResolutionTestBase(store)
{
    private Task<(long Ada, long Bob, IngestResult Tie)> TwoPeopleTiedByAnUnverifiedFormAsync() => ReviewPairs.TiedByAnUnverifiedFormAsync(IngestAsync);

    [Fact]
    public async Task TwoIdentifiedContactsTiedByAnUnverifiedClaimAreQueuedNotMerged()
    {
        var (ada, bob, tie) = await TwoPeopleTiedByAnUnverifiedFormAsync();

        Assert.Equal(IngestOutcome.QueuedForReview, tie.Outcome);
        Assert.Equal(2, (await Db.LiveContactsAsync()).Count);
        // The event goes to the contact found through the highest-priority identifier: email outranks phone.
        Assert.Equal(ada, tie.ContactId);
        Assert.Equal([bob], tie.ReviewContactIds);
        var item = Assert.Single(await Db.ReviewsAsync());
        Assert.Equal((Math.Min(ada, bob), Math.Max(ada, bob), ada), (item.ContactLowId, item.ContactHighId, item.PrimaryContactId));
        Assert.Equal((MergeReasonCodes.UnverifiedTie, "f3", MergeReviewStatus.Pending), (item.ReasonCode, item.EvidenceEventId, item.Status));
        // The new, untied claim went with the event.
        Assert.Contains(await Db.IdentifiersOfAsync(ada), i => i.Value == "v9");
    }

    [Fact]
    public async Task PriorityIsConfigurable()
    {
        await using var db = await GraphStore.CreateAsync(StoreKind, o => o.Priority = ["phone", "email", "customer_id", "external_ref", "conversation_id", "visitor_id"]);
        await db.Engine.IngestAsync(Tenant, Form("f1", Day1, Email("ada@example.com")));
        var bob = await db.Engine.IngestAsync(Tenant, Form("f2", Day1, Phone("+14155552671")));

        var tie = await db.Engine.IngestAsync(Tenant, Form("f3", Day1, Email("ada@example.com"), Phone("+14155552671")));

        Assert.Equal(bob.ContactId, tie.ContactId);
    }

    [Fact]
    public async Task MergeThatWouldGiveAContactTwoCustomerIdsIsQueuedEvenWhenVerified()
    {
        var first = await IngestAsync(Conversion("o1", Day1, 5m, CustomerId("cust-1"), Visitor("v1")));
        var second = await IngestAsync(Conversion("o2", Day1, 5m, CustomerId("cust-2"), Visitor("v2")));

        var tie = await IngestAsync(Telemetry("t1", Day1.AddDays(1), Visitor("v1", verified: true), Visitor("v2", verified: true)));

        Assert.Equal(IngestOutcome.QueuedForReview, tie.Outcome);
        Assert.Equal(2, (await Db.LiveContactsAsync()).Count);
        var item = Assert.Single(await Db.ReviewsAsync());
        Assert.Equal(MergeReasonCodes.LimitExceeded, item.ReasonCode);
        Assert.Contains("customer_id", item.Reason);
        Assert.NotEqual(first.ContactId, second.ContactId);
    }
}

public sealed class ReviewQueueingTests() : ReviewQueueingScenarios(Comerix.Crm.Data.CrmDatabaseProviders.Sqlite);

public sealed class ReviewQueueingInMemoryTests() : ReviewQueueingScenarios(GraphStore.InMemory);

internal static class ReviewPairs
{
    /// <summary>Ada (email) and Bob (phone) are both known; an unverified form claims both: not proof enough.</summary>
    public static async Task<(long Ada, long Bob, IngestResult Tie)> TiedByAnUnverifiedFormAsync(Func<CrmEvent, Task<IngestResult>> ingest)
    {
        var ada = await ingest(Form("f1", Day1, Email("ada@example.com")));
        var bob = await ingest(Form("f2", Day1, Phone("+14155552671")));
        var tie = await ingest(Form("f3", Day1.AddDays(1), Phone("+14155552671"), Email("ada@example.com"), Visitor("v9")));
        return (ada.ContactId!.Value, bob.ContactId!.Value, tie);
    }
}
