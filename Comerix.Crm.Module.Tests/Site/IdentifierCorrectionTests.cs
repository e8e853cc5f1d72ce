using System.Net;
using AngleSharp.Html.Dom;
using Comerix.Crm.Data;
using Comerix.Crm.Tests.Infrastructure;
using Comerix.SiteHost.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Identifiers an admin corrects (issue 20, item 2): one detached into a contact of its own takes the events that carry
/// it from then on; one dropped takes nobody's; an email changed leaves the old one to nobody, the new one verified or
/// not as chosen. Each is on the timeline and in the audit log without its value. The walk runs on both databases.
/// </summary>
public sealed class IdentifierCorrectionTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static string Word() => "i" + Guid.NewGuid().ToString("N")[..7];

    private static string Page(long id) => $"/admin/customers/{id}/identifiers";

    private static Task<HttpResponseMessage> PostAsync(SiteClient client, long id, string handler, Dictionary<string, string> form) =>
        client.PostFormAsync(Page(id), $"{Page(id)}?handler={handler}", form);

    /// <summary>The timeline's rows as read (a note's text comes wrapped in bidirectional isolates).</summary>
    private static List<string> Timeline(IHtmlDocument profile) =>
        profile.QuerySelectorAll(".timeline-row .activity-words").Select(r => r.TextContent.Trim()).ToList();

    private static async Task<string> ProblemAsync(SiteClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await client.ReadAsync(response)).QuerySelector("[data-testid=identifier-problem]")!.TextContent.Trim();
    }

    [Fact]
    public Task IdentifiersAreDetachedDroppedAndChangedOnSqlite() => WalkAsync(site);

    [PostgresFact]
    public async Task IdentifiersAreDetachedDroppedAndChangedOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var postgresSite = SiteFactory.OnPostgres(database);
        await WalkAsync(postgresSite);
    }

    private static async Task WalkAsync(SiteFactory site)
    {
        var word = Word();
        var (ada, shared, visitor) = ($"ada.{word}@fix.test", $"office.{word}@fix.test", $"v-{word}");
        var id = (await site.IngestAsync(Form($"{word}-1", Day1, Email(ada), Visitor(visitor)) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"Ada {word}" },
        }))[0].ContactId!.Value;
        Assert.Equal(id, (await site.IngestAsync(Form($"{word}-2", Day1.AddHours(1), Email(ada), Email(shared))))[0].ContactId);
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        // Detach the shared address into a contact of its own: it leaves Ada, and takes the events that carry it.
        Assert.Equal("Choose why it is detached.", await ProblemAsync(manager, await PostAsync(manager, id, "detach",
            new() { ["Type"] = "email", ["Value"] = shared, ["Into"] = "own" })));
        var detached = await PostAsync(manager, id, "detach", new() { ["Type"] = "email", ["Value"] = shared, ["Into"] = "own", ["Reason"] = "shared", ["Note"] = "front desk" });
        Assert.Equal(HttpStatusCode.Redirect, detached.StatusCode);
        var profile = await manager.GetPageAsync($"/admin/customers/{id}");
        var status = profile.QuerySelector("[role=status]")!.TextContent;
        var office = long.Parse(System.Text.RegularExpressions.Regex.Match(status, "contact #([0-9]+)").Groups[1].Value);
        Assert.NotEqual(id, office);
        Assert.DoesNotContain(profile.QuerySelectorAll(".identifiers .id-value"), v => v.TextContent.Trim() == shared);
        Assert.Contains(Timeline(profile), row => row.Contains($"An email address was detached into a contact of its own by {SiteFactory.ManagerEmail}: It is shared (a family, an office, a front desk). front desk", StringComparison.Ordinal));
        var officeProfile = await manager.GetPageAsync($"/admin/customers/{office}");
        Assert.Contains(officeProfile.QuerySelectorAll(".identifiers .id-value"), v => v.TextContent.Trim() == shared);
        Assert.Contains(Timeline(officeProfile), row => row.Contains($"Detached from contact #{id} by {SiteFactory.ManagerEmail}: It is shared (a family, an office, a front desk). front desk", StringComparison.Ordinal));
        Assert.Equal(office, (await site.IngestAsync(Form($"{word}-3", Day1.AddHours(2), Email(shared))))[0].ContactId);

        // Drop the visitor id as junk: the next event carrying it is nobody's yet, so a new contact.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(manager, id, "detach",
            new() { ["Type"] = "visitor_id", ["Value"] = visitor, ["Into"] = "drop", ["Reason"] = "mistake" })).StatusCode);
        Assert.NotEqual(id, (await site.IngestAsync(Telemetry($"{word}-4", Day1.AddHours(3), Visitor(visitor))))[0].ContactId);

        // Change Ada's email: the new one verified as chosen, the old one nobody's; refused choices change nothing.
        var newAda = $"ada.new.{word}@fix.test";
        Assert.Contains("verified", await ProblemAsync(manager, await PostAsync(manager, id, "edit", new() { ["Type"] = "email", ["Value"] = ada, ["NewValue"] = newAda })));
        Assert.Contains("not an email", await ProblemAsync(manager, await PostAsync(manager, id, "edit",
            new() { ["Type"] = "email", ["Value"] = ada, ["NewValue"] = "not-an-address", ["Verified"] = "yes" })));
        Assert.Contains($"Contact #{office} holds that one", await ProblemAsync(manager, await PostAsync(manager, id, "edit",
            new() { ["Type"] = "email", ["Value"] = ada, ["NewValue"] = shared.ToUpperInvariant(), ["Verified"] = "no" })));
        Assert.Contains("not an email", await ProblemAsync(manager, await PostAsync(manager, id, "edit",
            new() { ["Type"] = "email", ["Value"] = ada, ["NewValue"] = new string('x', 100_000), ["Verified"] = "no" })));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(manager, id, "edit",
            new() { ["Type"] = "email", ["Value"] = ada, ["NewValue"] = newAda, ["Verified"] = "yes" })).StatusCode);
        var changed = await manager.GetPageAsync($"/admin/customers/{id}");
        Assert.Contains(changed.QuerySelectorAll(".identifiers li"), li => li.TextContent.Contains(newAda) && li.QuerySelector(".badge-verified") is not null);
        Assert.DoesNotContain(changed.QuerySelectorAll(".identifiers .id-value"), v => v.TextContent.Trim() == ada);
        Assert.Contains(Timeline(changed), row => row.Contains($"An email address changed by {SiteFactory.ManagerEmail} (the new one verified).", StringComparison.Ordinal));
        Assert.Equal(id, (await site.IngestAsync(Form($"{word}-5", Day1.AddHours(4), Email(newAda))))[0].ContactId);
        Assert.NotEqual(id, (await site.IngestAsync(Form($"{word}-6", Day1.AddHours(5), Email(ada))))[0].ContactId);

        // What someone changed is audited by kind, never by value; what no longer holds is refused by name.
        Assert.Contains("no longer holds", await ProblemAsync(manager, await PostAsync(manager, id, "detach",
            new() { ["Type"] = "email", ["Value"] = ada, ["Into"] = "own", ["Reason"] = "other" })));
        await using (var scope = await site.TenantScopeAsync(SiteTenant.DefaultName))
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var entries = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Action == "identifier.detached" || e.Action == "identifier.edited").Select(e => e.DetailsJson ?? "").ToListAsync();
            Assert.Contains(entries, e => e.Contains($"\"contactId\":{id}") && e.Contains("\"type\":\"email\"") && e.Contains("own-contact"));
            Assert.Contains(entries, e => e.Contains("\"type\":\"visitor_id\"") && e.Contains("dropped"));
            Assert.DoesNotContain(entries, e => e.Contains(word, StringComparison.Ordinal));
        }
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(Page(id))).StatusCode);
        Assert.Null((await viewer.GetPageAsync($"/admin/customers/{id}")).QuerySelector("[data-testid=correct-identifiers]"));
    }
}
