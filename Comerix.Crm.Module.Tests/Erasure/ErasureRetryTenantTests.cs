using Comerix.Crm.Data;
using Comerix.Crm.Erasure;
using Comerix.Crm.Tests.Infrastructure;
using Comerix.Crm.Tests.Site;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Erasure;

/// <summary>The site, with its demo store down for the first erasure attempt and back for the next.</summary>
public sealed class DemoStoreDownOnceSiteFactory : SiteFactory
{
    private int _demoAttempts;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The test runs the retry rounds itself; the service's own timer stays out of the way.
        builder.UseSetting("Crm:ErasureRetryInterval", "01:00:00");
        builder.ConfigureTestServices(services =>
        {
            var demo = services.Single(d => d.ServiceType == typeof(IPersonalDataEraser) && d.ImplementationType?.Name == "DemoDataEraser");
            services.Remove(demo);
            services.AddScoped<IPersonalDataEraser>(sp =>
                new DownOnce(this, (IPersonalDataEraser)ActivatorUtilities.CreateInstance(sp, demo.ImplementationType!)));
        });
    }

    /// <summary>The site's own demo eraser, failing its first call.</summary>
    private sealed class DownOnce(DemoStoreDownOnceSiteFactory site, IPersonalDataEraser demo) : IPersonalDataEraser
    {
        public Task<IReadOnlyList<ErasedRecords>> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref site._demoAttempts) == 1
                ? throw new IOException("the demo store is down")
                : demo.EraseAsync(subject, cancellationToken);
    }
}

/// <summary>
/// Delete &amp; forget in a tenant other than the default, whose demo store was down on the first attempt: the
/// background retry (no request, so no tenant resolved) erases that tenant's demo records, and leaves the same email's
/// records in the default tenant alone.
/// </summary>
public sealed class ErasureRetryTenantTests(DemoStoreDownOnceSiteFactory sqliteSite) : IClassFixture<DemoStoreDownOnceSiteFactory>
{
    [Fact]
    public Task OnSqliteTheRetryErasesTheDemoRecordsOfTheRequestsTenant() => RunAsync(sqliteSite);

    [PostgresFact]
    public async Task OnPostgresTheRetryErasesTheDemoRecordsOfTheRequestsTenant()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = new DemoStoreDownOnceSiteFactory();
        site.Settings["database"] = "postgres";
        site.Settings["connection"] = database.Options.ConnectionString!;
        await RunAsync(site);
    }

    private static async Task RunAsync(DemoStoreDownOnceSiteFactory site)
    {
        var email = $"ada.{Guid.NewGuid():N}@retry-tenant.test";
        await site.EnsureUsersAsync();
        await site.Services.GetRequiredService<SiteSetup>().CreateTenantAsync("initech", "initech", null, SiteSetup.DefaultRecipePath);
        // The same person wrote through the demo form of both tenants: two people, one per tenant.
        var initechContact = await SubmitFormAsync(site, "initech", email);
        await SubmitFormAsync(site, "Default", email);

        await using (var scope = await site.TenantScopeAsync("initech"))
        {
            var first = await scope.ServiceProvider.GetRequiredService<ContactErasureService>()
                .EraseAsync("initech", initechContact, ErasureConfirmation.Word, "admin@initech.test");
            Assert.Equal(ErasureOutcome.Partial, first.Outcome);
        }
        Assert.Equal(1, await FormsFromAsync(site, "initech", email));

        await site.Services.GetRequiredService<ErasureRetryService>().RetryAllAsync(CancellationToken.None);

        Assert.Equal(0, await FormsFromAsync(site, "initech", email));
        Assert.Equal(1, await FormsFromAsync(site, "Default", email));
        await using (var scope = await site.TenantScopeAsync("initech"))
        {
            var request = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().ErasureRequests.AsNoTracking()
                .SingleAsync(r => r.ContactId == initechContact);
            Assert.Equal(ErasureStatus.Completed, request.Status);
            Assert.Contains("\"form submissions\":1", request.CountsJson);
        }
    }

    private static async Task<long> SubmitFormAsync(SiteFactory site, string tenant, string email)
    {
        await using var scope = await site.TenantScopeAsync(tenant);
        var result = await scope.ServiceProvider.GetRequiredService<DemoStorefront>()
            .SubmitFormAsync($"visitor-{Guid.NewGuid():N}", "Ada Lovelace", email, null, null, "Please call me back.", CancellationToken.None);
        return result.ContactId!.Value;
    }

    private static async Task<int> FormsFromAsync(SiteFactory site, string tenant, string email)
    {
        await using var scope = await site.TenantScopeAsync(tenant);
        return await scope.ServiceProvider.GetRequiredService<SiteDbContext>().DemoFormSubmissions.CountAsync(f => f.Email == email);
    }
}
