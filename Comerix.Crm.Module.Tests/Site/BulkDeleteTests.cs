using System.Net;
using Comerix.Crm.Data;
using Comerix.SiteHost.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Delete &amp; forget many people (issue 19, item 5): only with the erasure permission, only once the number of people
/// is typed back, and then each person erased as one is on a profile, each with an audit entry of its own.
/// </summary>
public sealed class BulkDeleteTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task EveryoneAListMatchesIsForgottenOnlyOnceTheirNumberIsTypedBack()
    {
        var word = "d" + Guid.NewGuid().ToString("N")[..7];
        var ids = new List<long>();
        foreach (var who in new[] { "ann", "ben", "cat" })
        {
            ids.Add((await site.IngestAsync(Form($"{word}-{who}", Day1, Email($"{who}.{word}@bulk-delete.test"))))[0].ContactId!.Value);
        }
        var page = $"/admin/customers/bulk-delete?audience=all&q={word}";
        using (var manager = await site.SignInAsync(SiteFactory.ManagerEmail))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync(page)).StatusCode);
        }
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        var list = await admin.GetPageAsync($"/admin/customers?audience=all&q={word}");
        Assert.Equal("Delete & forget all 3", list.QuerySelector("[data-testid=bulk-delete-all]")!.TextContent.Trim());
        Assert.Contains("all 3 contacts in this list", (await admin.GetPageAsync(page)).QuerySelector("[data-testid=bulk-reach]")!.TextContent);

        Dictionary<string, string> Posted(string? confirm) => confirm is null
            ? new() { ["scope"] = "filter", ["audience"] = "all", ["q"] = word }
            : new() { ["scope"] = "filter", ["audience"] = "all", ["q"] = word, ["confirm"] = confirm };
        var wrong = await admin.ReadAsync(await admin.PostFormAsync(page, "/admin/customers/bulk-delete", Posted("2")));
        Assert.Contains("That is not 3. Nobody was deleted.", wrong.QuerySelector("[data-testid=bulk-problem]")!.TextContent);
        // The list's bulk bar posts the ticked rows without a number: the page asks first.
        var asked = await admin.PostFormPairsAsync($"/admin/customers?audience=all&q={word}", "/admin/customers/bulk-delete",
            [("scope", "ticked"), ("ids", ids[0].ToString()), ("audience", "all"), ("q", word)]);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("the 1 contact you ticked", (await admin.ReadAsync(asked)).QuerySelector("[data-testid=bulk-reach]")!.TextContent);
        Assert.Equal(3, (await admin.GetPageAsync($"/admin/customers?audience=all&q={word}")).QuerySelectorAll("#contact-results .customer-name").Length);

        var done = await admin.PostFormAsync(page, "/admin/customers/bulk-delete", Posted("3"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Contains("3 people were erased.", (await admin.GetPageAsync(done.Headers.Location!.OriginalString)).QuerySelector("[role=status]")!.TextContent);
        Assert.Empty((await admin.GetPageAsync($"/admin/customers?audience=all&q={word}")).QuerySelectorAll("#contact-results .customer-name"));
        await using var scope = await site.TenantScopeAsync(SiteTenant.DefaultName);
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var erasures = await db.AuditEntries.Where(e => e.Action == Comerix.Crm.Audit.AuditActions.ContactErased && e.Actor == SiteFactory.AdminEmail).Select(e => e.DetailsJson!).ToListAsync();
        Assert.All(ids, id => Assert.Contains(erasures, d => d.Contains($"\"contactId\":{id}", StringComparison.Ordinal)));
    }
}
