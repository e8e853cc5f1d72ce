using System.Net;
using Comerix.Crm.Audit;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// On PostgreSQL: the profile's form problems in place, the merged-away banner, tag chips on list rows, a fuller
/// name, and the audit log's filters (its day bounds are UTC instants compared with timestamptz).
/// </summary>
public sealed class ProfileAndAuditOnPostgresTests
{
    [PostgresFact]
    public async Task TheProfileAndTheAuditFiltersWorkOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = SiteFactory.OnPostgres(database);
        var kept = (await site.IngestAsync(Form("pg-p-1", Day1, Email("kept@pg.test")) with { Traits = new Dictionary<string, string> { ["name"] = "Barbara" } }))[0].ContactId!.Value;
        // Verified: on an identified contact only a verified claim's event may complete the name.
        await site.IngestAsync(Form("pg-p-2", Day1.AddDays(1), Email("kept@pg.test", verified: true)) with { Traits = new Dictionary<string, string> { ["name"] = "Barbara Liskov" } });
        var folded = (await site.IngestAsync(Form("pg-p-3", Day1, Email("folded@pg.test"))))[0].ContactId!.Value;
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        await admin.PostFormAsync($"/admin/customers/{kept}", $"/admin/customers/{kept}/tags", new() { ["Input.Label"] = "VIP" });

        var repeated = await admin.PostFormAsync($"/admin/customers/{kept}", $"/admin/customers/{kept}/tags", new() { ["Input.Label"] = "vip" });
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        var page = await admin.ReadAsync(repeated);
        Assert.Equal("Barbara Liskov", page.QuerySelector(".contact-header h1")!.TextContent.Trim());
        Assert.Contains("already tagged", page.QuerySelector("#tags form .field-error")!.TextContent);

        await site.Services.GetRequiredService<Comerix.Crm.Resolution.IdentityEngine>()
            .MergeAsync("Default", mergeId: folded, intoId: kept, actor: "test");
        var old = await admin.GetAsync($"/admin/customers/{folded}");
        var survivor = await admin.GetPageAsync(old.Headers.Location!.OriginalString);
        Assert.StartsWith($"Contact #{folded} was merged into this contact on ", survivor.QuerySelector("[data-testid=merged-away]")!.TextContent.Trim());

        var list = await admin.GetPageAsync("/admin/customers?q=liskov");
        Assert.Equal(["VIP"], list.QuerySelectorAll(".row-tags .tag-chip a").Select(a => a.TextContent.Trim()));

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var merges = await admin.GetPageAsync($"/admin/customers/audit?type={AuditActions.ContactMerged}&actor=TEST&from={today}&to={today}");
        Assert.Equal([AuditActions.ContactMerged], merges.QuerySelectorAll(".audit-table tbody tr code.muted").Select(c => c.TextContent));
        var tomorrow = await admin.GetPageAsync($"/admin/customers/audit?from={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}");
        Assert.Equal("No entries match", tomorrow.QuerySelector(".empty-state h2")!.TextContent);
    }
}
