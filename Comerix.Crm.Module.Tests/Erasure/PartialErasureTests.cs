using System.Net;
using Comerix.Crm.Data;
using Comerix.Crm.Erasure;
using Comerix.Crm.Tests.Site;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Erasure;

/// <summary>A store whose eraser fails the first time it is asked, and counts how often it ran.</summary>
public sealed class FlakyStoreEraser : IPersonalDataEraser
{
    public int Calls;
    public int Succeeded;

    public Task<IReadOnlyList<ErasedRecords>> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref Calls) == 1)
        {
            throw new IOException("the flaky store is down");
        }
        Interlocked.Increment(ref Succeeded);
        return Task.FromResult<IReadOnlyList<ErasedRecords>>([new("flaky records", 2)]);
    }
}

/// <summary>A site with one more personal-data store, whose eraser fails once.</summary>
public sealed class FlakyEraserSiteFactory : SiteFactory
{
    public FlakyStoreEraser Flaky { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IPersonalDataEraser>(Flaky));
    }
}

/// <summary>
/// An eraser fails: the request stays partial, the contact stays (its data elsewhere is still found through it),
/// the retry finishes the job, every eraser has run exactly once, and a second forget reports zero.
/// </summary>
public sealed class PartialErasureTests(FlakyEraserSiteFactory site) : IClassFixture<FlakyEraserSiteFactory>
{
    [Fact]
    public async Task AFailedEraserLeavesTheRequestPartialUntilARetryCompletesItAndEachEraserRunsOnce()
    {
        await site.EnsureUsersAsync();
        var contactId = (await site.IngestAsync(Form("flaky-1", Day1, Email("flaky.person@erase.test"))))[0].ContactId!.Value;
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);

        var first = await admin.PostFormAsync($"/admin/customers/{contactId}/delete", $"/admin/customers/{contactId}/delete", new() { ["Confirmation"] = "DELETE" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var details = await admin.GetPageAsync($"/admin/customers/{contactId}");
        Assert.Contains("Partly erased", details.QuerySelector(".alert")!.TextContent);
        Assert.Contains("FlakyStoreEraser", details.QuerySelector(".alert")!.TextContent);

        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var request = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().ErasureRequests.AsNoTracking().SingleAsync(r => r.ContactId == contactId);
            Assert.Equal(ErasureStatus.Partial, request.Status);
            Assert.Contains("DemoDataEraser", request.ErasersDone);
            Assert.DoesNotContain("FlakyStoreEraser", request.ErasersDone);
            Assert.Equal("IOException", request.LastError);
        }

        await site.Services.GetRequiredService<ErasureRetryService>().RetryAllAsync(CancellationToken.None);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/customers/{contactId}")).StatusCode);
        Assert.Equal(2, site.Flaky.Calls);
        Assert.Equal(1, site.Flaky.Succeeded);
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var request = await db.ErasureRequests.AsNoTracking().SingleAsync(r => r.ContactId == contactId);
            Assert.Equal(ErasureStatus.Completed, request.Status);
            Assert.Equal(2, request.Attempts);
            // The demo store's eraser ran in the first attempt only; the audit entry adds up both attempts.
            var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "contact.erased").OrderBy(e => e.Sequence).LastAsync();
            Assert.Contains("\"flaky records\":2", audit.DetailsJson);
            Assert.Contains("\"attempts\":2", audit.DetailsJson);
            Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.Action == "contact.erasure-partial").ToListAsync());
        }

        // A second forget of the same person: nothing left, and it says so.
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var again = await scope.ServiceProvider.GetRequiredService<ContactErasureService>().EraseAsync("Default", contactId, "DELETE", "admin");
            Assert.Equal(ErasureOutcome.AlreadyErased, again.Outcome);
            Assert.Equal(0, again.Total);
        }
        Assert.Equal(2, site.Flaky.Calls);
    }
}
