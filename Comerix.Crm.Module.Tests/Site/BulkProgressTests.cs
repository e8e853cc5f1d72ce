using System.Net;
using System.Text.Json;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.SiteHost.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// A bulk action's progress (issue 19): the confirmation page's run reports each slice, the page reads how far it has
/// got, the post leads to the list saying what was done, and a run whose process ended reads as
/// stopped rather than running for ever.
/// </summary>
public sealed class BulkProgressTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static string Word() => "p" + Guid.NewGuid().ToString("N")[..7];

    private static async Task<JsonElement> ProgressAsync(SiteClient client, string page, string? run)
    {
        var response = await client.GetAsync($"{page}?handler=progress&run={run}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task ARunReportsEverySliceAndEndsOnTheListSayingWhatWasDone()
    {
        var word = Word();
        // 1,200 people: three slices of 500.
        var events = Enumerable.Range(0, 1_200).Select(i => Form($"{word}-{i}", Day1, Email($"p{i}.{word}@bulk.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"Person {i} {word}" },
        }).ToArray();
        await site.IngestAsync(events);
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var confirm = await manager.GetPageAsync($"/admin/customers/bulk-work?audience=all&q={word}");
        var run = confirm.QuerySelector("input[name=run]")!.GetAttribute("value")!;
        Assert.Matches("^[0-9a-f]{32}$", run);
        Assert.Equal("unknown", (await ProgressAsync(manager, "/admin/customers/bulk-work", run)).GetProperty("state").GetString());

        var posted = await manager.PostFormAsync($"/admin/customers/bulk-work?audience=all&q={word}", "/admin/customers/bulk-work?handler=stage",
            new() { ["scope"] = "filter", ["audience"] = "all", ["q"] = word, ["to-stage"] = "lead", ["run"] = run });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var redirect = posted.Headers.Location!.OriginalString;

        var done = await ProgressAsync(manager, "/admin/customers/bulk-work", run);
        Assert.Equal("done", done.GetProperty("state").GetString());
        Assert.Equal("Set the stage", done.GetProperty("action").GetString());
        Assert.Equal(1_200, done.GetProperty("done").GetInt32());
        Assert.Equal(1_200, done.GetProperty("total").GetInt32());
        Assert.Equal("Moved 1,200 contacts to Lead.", done.GetProperty("message").GetString());
        // The list it leads to says what was done.
        var list = await manager.GetPageAsync(redirect);
        Assert.Equal("Moved 1,200 contacts to Lead.", list.QuerySelector("[role=status]")!.TextContent.Trim());

        // A refusal inside the run: nothing done, the page again with the problem, and the run says so.
        var again = await manager.GetPageAsync($"/admin/customers/bulk-work?audience=all&q={word}");
        var second = again.QuerySelector("input[name=run]")!.GetAttribute("value")!;
        var refused = await manager.ReadAsync(await manager.PostFormAsync($"/admin/customers/bulk-work?audience=all&q={word}",
            "/admin/customers/bulk-work?handler=owner",
            new() { ["scope"] = "filter", ["audience"] = "all", ["q"] = word, ["to-owner"] = "stranger@elsewhere.test", ["run"] = second }));
        Assert.Contains("is not a user of this site who can view customers", refused.QuerySelector("[data-testid=bulk-problem]")!.TextContent);
        var failed = await ProgressAsync(manager, "/admin/customers/bulk-work", second);
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.NotEqual(second, refused.QuerySelector("input[name=run]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task ARunWhoseProcessEndedReadsAsStoppedAndForeignIdsAreUnknown()
    {
        var run = Guid.NewGuid().ToString("N");
        await using (var scope = await site.TenantScopeAsync(SiteTenant.DefaultName))
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var long_ago = DateTime.UtcNow.AddMinutes(-10);
            db.BulkRuns.Add(new BulkRun
            {
                TenantId = SiteTenant.DefaultName, Id = run, Action = "Set the stage", Total = 3_000, Done = 1_500, State = "running",
                StartedBy = SiteFactory.ManagerEmail, StartedAt = long_ago, UpdatedAt = long_ago,
            });
            await db.SaveChangesAsync();
        }
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var stopped = await ProgressAsync(manager, "/admin/customers/bulk-tags", run);
        Assert.Equal("failed", stopped.GetProperty("state").GetString());
        Assert.Equal("Stopped after 1,500 of 3,000: the site process running it ended. Those done stay done; run it again for the rest.",
            stopped.GetProperty("message").GetString());
        foreach (var hostile in new[] { "", "x", "..%2F..%2Fetc", new string('a', 32).ToUpperInvariant(), new string('f', 5_000) })
        {
            Assert.Equal("unknown", (await ProgressAsync(manager, "/admin/customers/bulk-work", hostile)).GetProperty("state").GetString());
        }
        // NUL is refused at the door, as everywhere.
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync("/admin/customers/bulk-work?handler=progress&run=%00")).StatusCode);
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/admin/customers/bulk-work?handler=progress&run={run}")).StatusCode);
    }
}
