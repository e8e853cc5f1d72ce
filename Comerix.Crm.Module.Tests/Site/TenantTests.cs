using System.Net;
using Comerix.Crm.Resolution;
using Comerix.SiteHost.Data;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>Tenants by URL prefix: their own users, their own contacts, their own features.</summary>
public sealed class TenantTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task APrefixedTenantHasItsOwnUsersAndContactsAndNeverSeesAnotherTenantsData()
    {
        await site.EnsureUsersAsync();
        await site.Services.GetRequiredService<SiteSetup>().CreateTenantAsync("acme", "acme", null, SiteSetup.DefaultRecipePath);
        await site.CreateUserAsync("acme", "boss@acme.test", "Administrator");
        var engine = site.Services.GetRequiredService<IdentityEngine>();
        var acmeContact = (await engine.IngestAsync("acme", Form("acme-1", Day1, Email("only.acme@acme.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = "Only Acme" },
        })).ContactId!.Value;

        using var acme = await site.SignInAsync(null, "/t/acme");
        await acme.SignInAsync("boss@acme.test", SiteFactory.Password);
        var list = await acme.GetPageAsync("/admin/customers");
        Assert.Equal(["Only Acme"], list.QuerySelectorAll(".customer-name").Select(n => n.TextContent));
        Assert.Equal($"/t/acme/admin/customers/{acmeContact}", list.QuerySelector("a.customer")!.GetAttribute("href"));

        // The default tenant's administrator is a stranger to acme, and acme's contact does not exist on the default tenant.
        using var defaultAdmin = await site.SignInAsync(SiteFactory.AdminEmail);
        var crossing = await defaultAdmin.Http.GetAsync("/t/acme/admin/customers");
        Assert.Equal(HttpStatusCode.Redirect, crossing.StatusCode);
        Assert.StartsWith("/t/acme/login", crossing.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, (await defaultAdmin.GetAsync($"/admin/customers/{acmeContact}")).StatusCode);

        // A default-tenant email does not sign in on acme.
        using var stranger = await site.SignInAsync(null, "/t/acme");
        var refused = await stranger.PostFormAsync("/login", "/login",
            new() { ["Input.Email"] = SiteFactory.AdminEmail, ["Input.Password"] = SiteFactory.Password });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await defaultAdmin.Http.GetAsync("/t/no-such-tenant/admin/customers")).StatusCode);
    }

    [Fact]
    public async Task ATenantThatHasNotEnabledTheModuleHasNoCustomersPagesOrMenu()
    {
        await site.EnsureUsersAsync();
        var recipe = Path.Combine(site.DataDirectory, "roles-only.recipe.json");
        await File.WriteAllTextAsync(recipe, """
            { "name": "roles-only", "steps": [ { "name": "roles", "roles": [ { "name": "Administrator", "permissions": [ "comerix.crm.view" ] } ] } ] }
            """);
        await site.Services.GetRequiredService<SiteSetup>().CreateTenantAsync("plain", "plain", null, recipe);
        await site.CreateUserAsync("plain", "owner@plain.test", "Administrator");

        using var client = await site.SignInAsync(null, "/t/plain");
        await client.SignInAsync("owner@plain.test", SiteFactory.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/customers")).StatusCode);
        var demo = await client.GetPageAsync("/admin/demo/forms");
        Assert.DoesNotContain("Contacts", demo.QuerySelectorAll(".menu-link").Select(a => a.TextContent.Trim()));
    }
}
