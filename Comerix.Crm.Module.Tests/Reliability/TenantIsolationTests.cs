using System.Net;
using Comerix.Crm.Resolution;
using Comerix.Crm.Tests.Infrastructure;
using Comerix.Crm.Tests.Site;
using Comerix.SiteHost.Data;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Reliability;

/// <summary>
/// Two tenants with the same emails stay two sets of people; every admin page and API endpoint that takes an id
/// answers 404 for the other tenant's ids; keys work only on their own tenant.
/// </summary>
public sealed class TenantIsolationTests(SiteFactory sqliteSite) : IClassFixture<SiteFactory>
{
    [Fact]
    public Task OnSqliteOverlappingEmailsStaySeparateAndTheOtherTenantsIdsAreNotFound() => RunAsync(sqliteSite);

    [PostgresFact]
    public async Task OnPostgresOverlappingEmailsStaySeparateAndTheOtherTenantsIdsAreNotFound()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = SiteFactory.OnPostgres(database);
        await RunAsync(site);
    }

    private static async Task RunAsync(SiteFactory site)
    {
        await site.EnsureUsersAsync();
        await site.Services.GetRequiredService<SiteSetup>().CreateTenantAsync("initech", "initech", null, SiteSetup.DefaultRecipePath);
        await site.CreateUserAsync("initech", "boss@initech.test", "Administrator");
        var engine = site.Services.GetRequiredService<IdentityEngine>();
        var shared = new[] { "peter@overlap.test", "milton@overlap.test" };
        var defaultIds = new List<long>();
        var initechIds = new List<long>();
        foreach (var email in shared)
        {
            defaultIds.Add((await engine.IngestAsync("Default", Form($"d-{email}", Day1, Email(email)))).ContactId!.Value);
            initechIds.Add((await engine.IngestAsync("initech", Form($"i-{email}", Day1, Email(email)))).ContactId!.Value);
        }
        Assert.Equal(2, defaultIds.Distinct().Count());

        // Ids count per tenant: take an initech contact whose id Default has never handed out.
        long initechOnly;
        var n = 0;
        do
        {
            initechOnly = (await engine.IngestAsync("initech", Form($"i-more-{n++}", Day1, Email($"more{n}@initech.test")))).ContactId!.Value;
        }
        while (initechOnly <= defaultIds.Max());
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        foreach (var path in new[]
        {
            "/admin/customers/{id}", "/admin/customers/{id}/edit", "/admin/customers/{id}/merge", "/admin/customers/{id}/delete",
            "/api/crm/contacts/{id}", "/api/crm/contacts/{id}/activities",
        })
        {
            var response = await admin.GetAsync(path.Replace("{id}", initechOnly.ToString()));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }

        // The same email is a different person in each tenant, and each list shows only its own.
        using var initech = await site.SignInAsync(null, "/t/initech");
        await initech.SignInAsync("boss@initech.test", SiteFactory.Password);
        Assert.Equal(HttpStatusCode.OK, (await initech.GetAsync($"/admin/customers/{initechOnly}")).StatusCode);
        var initechList = await initech.GetPageAsync("/admin/customers?q=overlap.test");
        var defaultList = await admin.GetPageAsync("/admin/customers?q=overlap.test");
        Assert.Equal(2, initechList.QuerySelectorAll(".customer-name").Length);
        Assert.Equal(2, defaultList.QuerySelectorAll(".customer-name").Length);
        Assert.DoesNotContain(defaultList.QuerySelectorAll("a.customer").Select(a => a.GetAttribute("href")), href => href!.StartsWith("/t/initech"));

        var initechKey = await site.CreateApiKeyAsync("ingest,read", "initech");
        using var crossing = site.ApiClient(initechKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await crossing.GetAsync("api/crm/contacts")).StatusCode);
        using var own = site.ApiClient(initechKey, "/t/initech");
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync("api/crm/contacts")).StatusCode);
    }
}
