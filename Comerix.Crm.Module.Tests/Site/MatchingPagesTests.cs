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
        var approve = $"/admin/customers/matching/{reviewId}/approve";
        Assert.Equal(approve, (await manager.GetPageAsync("/admin/customers/matching"))
            .QuerySelector($"[data-review-id='{reviewId}'] a.btn-primary")!.GetAttribute("href"));
        var approved = await manager.PostFormAsync(approve, approve, new() { ["survivor"] = first.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var after = await manager.GetPageAsync("/admin/customers/matching");
        Assert.Contains($"(contact #{first})", after.QuerySelector(".alert-success")!.TextContent);
        Assert.Null(after.QuerySelector($"[data-review-id='{reviewId}']"));
        Assert.Equal(HttpStatusCode.MovedPermanently, (await manager.GetAsync($"/admin/customers/{second}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/admin/customers/{first}")).StatusCode);
        Assert.NotNull((await manager.GetPageAsync("/admin/customers/matching?status=approved")).QuerySelector($"[data-review-id='{reviewId}']"));
    }

    [Fact]
    public async Task ApprovingShowsWhatWillMoveNamesTheSurvivorAndKeepsTheOneTheReviewerChose()
    {
        var (first, second, reviewId) = await QueuedPairAsync();
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var approve = $"/admin/customers/matching/{reviewId}/approve";

        // The merge policy's choice first: both identified, the earlier one survives. The preview is the manual merge's.
        var page = await manager.GetPageAsync(approve);
        Assert.Equal("true", page.QuerySelector($"[data-testid=survivor-{first}]")!.GetAttribute("aria-current"));
        Assert.Contains("Survives", page.QuerySelector($"[data-testid=survivor-{first}]")!.TextContent);
        Assert.Contains($"#{second} will be merged into", Squash(page.QuerySelector("[data-testid=merge-direction]")!.TextContent));
        Assert.Equal("1", page.QuerySelector("[data-testid=footprint-activities]")!.TextContent);
        Assert.Contains("phone", page.QuerySelector(".facts")!.TextContent);
        Assert.Equal(first.ToString(), page.QuerySelector("form[data-testid=approve-form] input[name=survivor]")!.GetAttribute("value"));
        Assert.Contains($"keep #{first}", page.QuerySelector("form[data-testid=approve-form] button")!.TextContent);

        // The reviewer keeps the other record instead: the preview turns round, and the merge keeps that one.
        page = await manager.GetPageAsync($"{approve}?survivor={second}");
        Assert.Contains($"#{first} will be merged into", Squash(page.QuerySelector("[data-testid=merge-direction]")!.TextContent));
        Assert.Contains("email", page.QuerySelector(".facts")!.TextContent);
        var firstEmail = (await manager.GetPageAsync($"/admin/customers/{first}")).QuerySelector(".identifiers")!.TextContent;
        Assert.Contains("@site.test", firstEmail);
        var approved = await manager.PostFormAsync(approve, approve, new() { ["survivor"] = second.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Contains($"(contact #{second})", (await manager.GetPageAsync("/admin/customers/matching")).QuerySelector(".alert-success")!.TextContent);
        Assert.Equal(HttpStatusCode.MovedPermanently, (await manager.GetAsync($"/admin/customers/{first}")).StatusCode);
        var survivor = await manager.GetPageAsync($"/admin/customers/{second}");
        Assert.Contains(System.Text.RegularExpressions.Regex.Match(firstEmail, @"a\.m[0-9a-f]{8}@site\.test").Value, survivor.QuerySelector(".identifiers")!.TextContent);
    }

    [Fact]
    public async Task ApprovingWithoutAChoiceOrWithAContactOutsideThePairIsRefusedAndMergesNothing()
    {
        var (first, second, reviewId) = await QueuedPairAsync();
        var stranger = (await site.IngestAsync(Form("stranger-" + Guid.NewGuid().ToString("N")[..8], Day1, Email($"s.{Guid.NewGuid():N}@site.test"))))[0].ContactId!.Value;
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var approve = $"/admin/customers/matching/{reviewId}/approve";

        var blind = await manager.PostFormAsync(approve, approve, []);
        Assert.Equal(HttpStatusCode.BadRequest, blind.StatusCode);
        Assert.Contains("Choose which contact survives", (await manager.ReadAsync(blind)).QuerySelector(".alert-error")!.TextContent);

        var forged = await manager.PostFormAsync(approve, approve, new() { ["survivor"] = stranger.ToString() });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains($"Contact #{stranger} is not one of this pair", (await manager.ReadAsync(forged)).QuerySelector(".alert-error")!.TextContent);

        var nonsense = await manager.PostFormAsync(approve, approve, new() { ["survivor"] = "not-a-number" });
        Assert.Equal(HttpStatusCode.BadRequest, nonsense.StatusCode);

        foreach (var id in new[] { first, second, stranger })
        {
            Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/admin/customers/{id}")).StatusCode);
        }
        Assert.NotNull((await manager.GetPageAsync("/admin/customers/matching")).QuerySelector($"[data-review-id='{reviewId}']"));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/admin/customers/matching/987654321/approve")).StatusCode);
    }

    [Fact]
    public async Task ChoosingAContactThatWasMergedAwayMeanwhileSaysSoAndShowsThePairAsItIsNow()
    {
        var (first, second, reviewId) = await QueuedPairAsync();
        var third = (await site.IngestAsync(Form("third-" + Guid.NewGuid().ToString("N")[..8], Day1, Email($"t.{Guid.NewGuid():N}@site.test"))))[0].ContactId!.Value;
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var approve = $"/admin/customers/matching/{reviewId}/approve";
        var opened = await manager.GetPageAsync(approve);
        var token = opened.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        // While the page is open, someone merges the chosen contact into a third one by hand.
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            await scope.ServiceProvider.GetRequiredService<Comerix.Crm.Resolution.IdentityEngine>()
                .MergeAsync("Default", first, third, "someone@site.test");
        }
        var stale = await manager.Http.PostAsync(approve, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["survivor"] = first.ToString(),
        }));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = await manager.ReadAsync(stale);
        Assert.Contains($"Contact #{first} was merged into #{third} meanwhile", page.QuerySelector(".alert-error")!.TextContent);
        Assert.Contains($"Queued as #{first}, which was merged into #{third} since.", page.QuerySelector("[data-testid=merged-since]")!.TextContent);
        Assert.NotNull(page.QuerySelector($"[data-testid=survivor-{third}]"));
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/admin/customers/{second}")).StatusCode);

        // The pair as it is now can be approved: the third contact, which holds the first, survives.
        var approved = await manager.PostFormAsync(approve, approve, new() { ["survivor"] = third.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(HttpStatusCode.MovedPermanently, (await manager.GetAsync($"/admin/customers/{second}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/admin/customers/{third}")).StatusCode);
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
        var page = await manager.GetPageAsync(row.QuerySelector("a.btn-primary")!.GetAttribute("href")!);
        var confirm = page.QuerySelector("[data-testid=approve-over-limit]")!;
        Assert.Contains("Approving merges them anyway, and the contact will keep both", confirm.TextContent);
        Assert.StartsWith("Merge anyway, keep #", confirm.QuerySelector("button")!.TextContent);
        Assert.Equal("Approve…", row.QuerySelector("a.btn-primary")!.TextContent);
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

    private static string Squash(string text) => string.Join(" ", text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

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
