using System.Net;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>Approving a review item with the reviewer's survivor, and the Activity tiles sent with live rows, on PostgreSQL.</summary>
public sealed class MatchingOnPostgresTests
{
    [PostgresFact]
    public async Task ApprovingKeepsTheChosenContactAndTheLiveRefreshCountsWhatArrivedOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = SiteFactory.OnPostgres(database);
        var first = (await site.IngestAsync(Form("pg-review-1", Day1, Email("ana@pg-review.test"))))[0].ContactId!.Value;
        var second = (await site.IngestAsync(Form("pg-review-2", Day1, Phone("+1 415 555 0161"))))[0].ContactId!.Value;
        var tie = (await site.IngestAsync(Form("pg-review-3", Day1.AddDays(1), Email("ana@pg-review.test"), Phone("+1 415 555 0161"))))[0];
        Assert.Equal(IngestOutcome.QueuedForReview, tie.Outcome);
        using var client = await site.SignInAsync(SiteFactory.ManagerEmail);
        var approve = (await client.GetPageAsync("/admin/customers/matching")).QuerySelector(".review a.btn-primary")!.GetAttribute("href")!;

        var page = await client.GetPageAsync(approve);
        Assert.Equal("true", page.QuerySelector($"[data-testid=survivor-{first}]")!.GetAttribute("aria-current"));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostFormAsync(approve, approve, new() { ["survivor"] = "424242" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(approve, approve, new() { ["survivor"] = second.ToString() })).StatusCode);
        Assert.Equal(HttpStatusCode.MovedPermanently, (await client.GetAsync($"/admin/customers/{first}")).StatusCode);
        Assert.Contains("ana@pg-review.test", (await client.GetPageAsync($"/admin/customers/{second}")).QuerySelector(".identifiers")!.TextContent);

        var inbox = await client.GetPageAsync("/admin/customers/activity");
        var latest = inbox.QuerySelector("#activity-stream")!.GetAttribute("data-latest");
        var counted = inbox.QuerySelector("#activity-tiles")!.GetAttribute("data-counted-through");
        await site.IngestAsync(Conversion("pg-live-1", DateTimeOffset.UtcNow, 9m, Email("ana@pg-review.test")));
        var live = SiteClient.Parse(await (await client.GetAsync($"/admin/customers/activity?handler=newer&after={latest}&counted={counted}")).Content.ReadAsStringAsync());
        Assert.Single(live.QuerySelectorAll("li[data-activity-id]"));
        Assert.Equal("1", live.QuerySelector("[data-testid=tile-conversions-today]")!.TextContent);
    }
}
