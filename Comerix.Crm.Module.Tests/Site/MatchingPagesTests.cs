using System.Net;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>Matching → Merge review: the queue, Approve (merges), Reject (remembered), and who may decide.</summary>
public sealed class MatchingPagesTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task AnUnverifiedTieWaitsInTheQueueAndApprovingMergesThePair()
    {
        var (first, second, reviewId) = await QueuedPairAsync();
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var queue = await viewer.GetPageAsync("/admin/customers/matching");
        var row = queue.QuerySelector($"[data-review-id='{reviewId}']")!;
        Assert.Contains($"#{first}", row.TextContent);
        Assert.Contains($"#{second}", row.TextContent);
        Assert.Contains("2 identified contacts are tied by an unverified email and phone", row.TextContent);
        Assert.Null(row.QuerySelector("button"));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await viewer.Http.PostAsync($"/admin/customers/matching/{reviewId}/approve", new FormUrlEncodedContent([]))).StatusCode);

        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var approved = await manager.PostFormAsync("/admin/customers/matching", $"/admin/customers/matching/{reviewId}/approve", []);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var after = await manager.GetPageAsync("/admin/customers/matching");
        Assert.Contains("Approved: the pair is now contact", after.QuerySelector(".alert-success")!.TextContent);
        Assert.Null(after.QuerySelector($"[data-review-id='{reviewId}']"));
        var merged = await manager.GetAsync($"/admin/customers/{Math.Max(first, second)}");
        var survivor = await manager.GetAsync($"/admin/customers/{Math.Min(first, second)}");
        Assert.True(merged.StatusCode == HttpStatusCode.MovedPermanently || survivor.StatusCode == HttpStatusCode.MovedPermanently);
        Assert.NotNull((await manager.GetPageAsync("/admin/customers/matching?status=approved")).QuerySelector($"[data-review-id='{reviewId}']"));
    }

    [Fact]
    public async Task ApprovingAPairOverALimitAsksOnceMoreAndSaysWhatItOverrides()
    {
        var tag = "l" + Guid.NewGuid().ToString("N")[..8];
        await site.IngestAsync(
            Conversion($"{tag}-1", Day1, 5m, CustomerId($"cust-1-{tag}"), Visitor($"v1-{tag}")),
            Conversion($"{tag}-2", Day1, 5m, CustomerId($"cust-2-{tag}"), Visitor($"v2-{tag}")));
        var tie = await site.IngestAsync(Telemetry($"{tag}-3", Day1.AddDays(1), Visitor($"v1-{tag}", verified: true), Visitor($"v2-{tag}", verified: true)));
        Assert.Equal(IngestOutcome.QueuedForReview, tie[0].Outcome);

        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var queue = await manager.GetPageAsync("/admin/customers/matching");
        var row = queue.QuerySelectorAll(".review").Single(r => r.TextContent.Contains("customer_id") && r.TextContent.Contains($"#{tie[0].ContactId}"));
        var confirm = row.QuerySelector("[data-testid=approve-over-limit]")!;
        Assert.Contains("Approving merges them anyway, and the contact will keep both", confirm.TextContent);
        Assert.Equal("Merge anyway", confirm.QuerySelector("button")!.TextContent);
        Assert.Equal("Approve…", row.QuerySelector("summary")!.TextContent);
    }

    [Fact]
    public async Task RejectingKeepsThePairApartAndItIsNeverQueuedAgain()
    {
        var (first, second, reviewId) = await QueuedPairAsync();
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var rejected = await manager.PostFormAsync("/admin/customers/matching", $"/admin/customers/matching/{reviewId}/reject", []);
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/admin/customers/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/admin/customers/{second}")).StatusCode);
        Assert.NotNull((await manager.GetPageAsync("/admin/customers/matching?status=rejected")).QuerySelector($"[data-review-id='{reviewId}']"));
    }

    [Fact]
    public async Task AViewerCannotDecide()
    {
        var (_, _, reviewId) = await QueuedPairAsync();
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var page = await viewer.GetPageAsync("/admin/customers/matching");
        var token = page.QuerySelector("form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await viewer.Http.PostAsync($"/admin/customers/matching/{reviewId}/approve",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<(long First, long Second, long ReviewId)> QueuedPairAsync()
    {
        var tag = "m" + Guid.NewGuid().ToString("N")[..8];
        var phone = "+1 415 9" + Random.Shared.Next(10, 99) + " " + Random.Shared.Next(1000, 9999);
        var first = (await site.IngestAsync(Form($"{tag}-1", Day1, Email($"a.{tag}@site.test"))))[0].ContactId!.Value;
        var second = (await site.IngestAsync(Form($"{tag}-2", Day1, Phone(phone))))[0].ContactId!.Value;
        var tie = (await site.IngestAsync(Form($"{tag}-3", Day1.AddDays(1), Email($"a.{tag}@site.test"), Phone(phone))))[0];
        Assert.Equal(IngestOutcome.QueuedForReview, tie.Outcome);
        await using var scope = await site.TenantScopeAsync("Default");
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var low = Math.Min(first, second);
        var high = Math.Max(first, second);
        var review = await db.MergeReviews.SingleAsync(r => r.ContactLowId == low && r.ContactHighId == high);
        return (first, second, review.Id);
    }
}
