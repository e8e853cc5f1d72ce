using System.Net;
using AngleSharp.Html.Dom;
using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// The audit log narrows by action, actor and days; an approved merge review reads as one, naming its review item.
/// </summary>
public sealed class AuditFiltersTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static List<(string Action, string Actor)> Rows(IHtmlDocument page) =>
        page.QuerySelectorAll(".audit-table tbody tr")
            .Select(r => (r.QuerySelector("code.muted")!.TextContent, r.Children[2].TextContent.Trim())).ToList();

    [Fact]
    public async Task TheLogFiltersByActionActorAndDays()
    {
        var word = "a" + Guid.NewGuid().ToString("N")[..7];
        var id = (await site.IngestAsync(Form($"{word}-1", Day1, Email($"audit.{word}@audit.test"))))[0].ContactId!.Value;
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await manager.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/tags", new() { ["Input.Label"] = $"T {word}" });
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        await admin.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/notes", new() { ["Input.Text"] = $"Note {word}" });

        var tagged = Rows(await admin.GetPageAsync("/admin/customers/audit?type=contact.tagged"));
        Assert.NotEmpty(tagged);
        Assert.All(tagged, r => Assert.Equal(AuditActions.ContactTagged, r.Action));

        var byManager = Rows(await admin.GetPageAsync("/admin/customers/audit?actor=MANAGER%40site"));
        Assert.Contains(byManager, r => r.Action == AuditActions.ContactTagged);
        Assert.All(byManager, r => Assert.Equal(SiteFactory.ManagerEmail, r.Actor));

        var notesByAdmin = await admin.GetPageAsync("/admin/customers/audit?type=contact.note-added&actor=admin%40site.test");
        Assert.Equal(AuditActions.NoteAdded, Assert.Single(Rows(notesByAdmin).Distinct()).Action);
        Assert.Equal("contact.note-added", notesByAdmin.QuerySelector("select[name=type] option[selected]")!.GetAttribute("value"));

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");
        Assert.Contains(Rows(await admin.GetPageAsync($"/admin/customers/audit?from={today}&to={today}")), r => r.Action == AuditActions.NoteAdded);
        var none = await admin.GetPageAsync($"/admin/customers/audit?from={tomorrow}");
        Assert.Empty(Rows(none));
        Assert.Equal("No entries match", none.QuerySelector(".empty-state h2")!.TextContent);

        // A value the log does not know is named and left out, never a 500.
        var unknown = await admin.GetAsync("/admin/customers/audit?type=nope&from=03-12-2026");
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        var warned = await admin.ReadAsync(unknown);
        var warnings = warned.QuerySelectorAll(".alert-warning").Select(w => w.TextContent).ToList();
        Assert.Contains(warnings, w => w.Contains("\u201Cnope\u201D"));
        Assert.Contains(warnings, w => w.Contains("\u201C03-12-2026\u201D"));
        Assert.NotEmpty(Rows(warned));
    }

    [Fact]
    public async Task AnApprovedReviewIsLabelledAsOneWithItsReviewItem()
    {
        var word = "r" + Guid.NewGuid().ToString("N")[..7];
        var phone = "+1 415 8" + Random.Shared.Next(10, 99) + " " + Random.Shared.Next(1000, 9999);
        var first = (await site.IngestAsync(Form($"{word}-1", Day1, Email($"a.{word}@audit.test"))))[0].ContactId!.Value;
        var second = (await site.IngestAsync(Form($"{word}-2", Day1, Phone(phone))))[0].ContactId!.Value;
        Assert.Equal(IngestOutcome.QueuedForReview, (await site.IngestAsync(Form($"{word}-3", Day1.AddDays(1), Email($"a.{word}@audit.test"), Phone(phone))))[0].Outcome);
        long reviewId;
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            reviewId = (await db.MergeReviews.SingleAsync(r => r.ContactLowId == Math.Min(first, second) && r.ContactHighId == Math.Max(first, second))).Id;
        }
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/customers/matching/{reviewId}/approve", $"/admin/customers/matching/{reviewId}/approve", new() { ["survivor"] = first.ToString() })).StatusCode);

        var page = await admin.GetPageAsync("/admin/customers/audit?type=review.approved");
        var row = page.QuerySelectorAll(".audit-table tbody tr").Single(r => r.QuerySelector("[data-testid=audit-review]")?.TextContent == $"review item #{reviewId}");
        Assert.StartsWith("Merge review approved", row.Children[3].TextContent.Trim());
        Assert.Equal($"/admin/customers/matching?status=approved#review-{reviewId}", row.QuerySelector("[data-testid=audit-review]")!.GetAttribute("href"));
        Assert.Contains(row.QuerySelectorAll(".audit-facts a"), a => a.TextContent == $"#{Math.Min(first, second)}" || a.TextContent == $"#{Math.Max(first, second)}");
        // The review's item is where the link points.
        Assert.NotNull((await admin.GetPageAsync("/admin/customers/matching?status=approved")).QuerySelector($"#review-{reviewId}"));
    }
}
