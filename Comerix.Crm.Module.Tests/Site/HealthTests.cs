using System.Net;
using Comerix.SiteHost.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Site;

/// <summary>/health, the host's: what a load balancer sees while the CRM database answers, and when it does not.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task HealthSaysHealthyWhileTheDatabaseAnswersAndUnhealthyWhenItDoesNot()
    {
        using var site = new SiteFactory();
        using var probe = site.ApiClient(key: null);

        var healthy = await probe.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal("Healthy", await healthy.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await probe.PostAsync("/health", null)).StatusCode);

        // The database stops answering the site's queries (here: the table every request reads is gone).
        await RenameTenantsTableAsync(site, "site_tenants", "site_tenants_gone");
        var unhealthy = await probe.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        Assert.Equal("Unhealthy", await unhealthy.Content.ReadAsStringAsync());

        await RenameTenantsTableAsync(site, "site_tenants_gone", "site_tenants");
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health")).StatusCode);
    }

    private static async Task RenameTenantsTableAsync(SiteFactory site, string from, string to)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
#pragma warning disable EF1002 // Table names of this test, not input.
        await db.Database.ExecuteSqlRawAsync($"ALTER TABLE {from} RENAME TO {to}");
#pragma warning restore EF1002
    }
}
