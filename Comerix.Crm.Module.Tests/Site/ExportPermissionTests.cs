using System.Net;
using Comerix.Crm.Recipes;
using Comerix.Crm.Tests.Infrastructure;
using Comerix.SiteHost.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// The CSV export is a bulk copy of personal data: its own permission (comerix.crm.export), Administrators and
/// Managers by default, grantable by a recipe, kept by the roles that manage when an older database is upgraded.
/// </summary>
public sealed class ExportPermissionTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task AViewerNeitherSeesTheExportLinkNorDownloadsTheFile()
    {
        var word = await ContactsAsync();
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var list = await viewer.GetPageAsync($"/admin/customers?q={word}");
        Assert.Equal(["Export Person"], list.QuerySelectorAll(".customer-name").Select(n => n.TextContent));
        Assert.Null(list.QuerySelector("[data-testid=export-csv]"));

        var refused = await viewer.GetAsync($"/admin/customers/export?q={word}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain($"{word}@export.test", await refused.Content.ReadAsStringAsync());

        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var link = (await manager.GetPageAsync($"/admin/customers?q={word}")).QuerySelector("[data-testid=export-csv]")!;
        var file = await manager.GetAsync(link.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Contains($"{word}@export.test", await file.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ARecipeCanGrantTheExportToARoleOfItsOwn()
    {
        var word = await ContactsAsync();
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync("Default", """
                { "name": "exporters", "steps": [ { "name": "roles", "roles": [
                    { "name": "Exporter", "permissions": [ "comerix.crm.view", "comerix.crm.export" ] } ] } ] }
                """);
        }
        await site.CreateUserAsync("Default", "exporter@site.test", "Exporter");
        using var exporter = await site.SignInAsync(null);
        await exporter.SignInAsync("exporter@site.test", SiteFactory.Password);

        Assert.NotNull((await exporter.GetPageAsync($"/admin/customers?q={word}")).QuerySelector("[data-testid=export-csv]"));
        Assert.Equal(HttpStatusCode.OK, (await exporter.GetAsync($"/admin/customers/export?q={word}")).StatusCode);
        // Export is not management: the role still cannot add a customer.
        Assert.Equal(HttpStatusCode.Forbidden, (await exporter.GetAsync("/admin/customers/create")).StatusCode);
    }

    [Fact]
    public async Task OnSqliteAnUpgradedSiteKeepsTheExportForItsAdministratorsAndManagersOnly()
    {
        await using var before = new SiteFactory();
        await before.EnsureUsersAsync();
        await ForgetTheExportPermissionAsync(before);
        // The same data folder, started again: the site of before the permission existed, upgraded.
        await using var upgraded = new SiteFactory();
        upgraded.Settings["data-dir"] = before.DataDirectory;
        await AssertUpgradedAsync(upgraded);
    }

    [PostgresFact]
    public async Task OnPostgresAnUpgradedSiteKeepsTheExportForItsAdministratorsAndManagersOnly()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var before = SiteFactory.OnPostgres(database);
        await before.EnsureUsersAsync();
        await ForgetTheExportPermissionAsync(before);
        // The same site (its data folder, so its audit key, which every process on one database shares), upgraded.
        await using var upgraded = SiteFactory.OnPostgres(database);
        upgraded.Settings["data-dir"] = before.DataDirectory;
        await AssertUpgradedAsync(upgraded);
    }

    [Fact]
    public async Task OnSqliteAnUpgradedSiteGivesThePersonalDataExportToTheRolesThatMayErase()
    {
        await using var before = new SiteFactory();
        await before.EnsureUsersAsync();
        await using (var scope = await before.TenantScopeAsync("Default"))
        {
            var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
            await db.RolePermissions.Where(p => p.Permission == "comerix.crm.pii.export").ExecuteDeleteAsync();
            await db.Database.ExecuteSqlRawAsync("DELETE FROM __site_migrations WHERE \"MigrationId\" = '20261204050000_PersonalDataExportPermission'");
        }
        await using var upgraded = new SiteFactory();
        upgraded.Settings["data-dir"] = before.DataDirectory;
        upgraded.StartServer();
        await using (var scope = await upgraded.TenantScopeAsync("Default"))
        {
            var granted = await scope.ServiceProvider.GetRequiredService<SiteDbContext>().RolePermissions
                .Where(p => p.TenantId == "Default" && p.Permission == "comerix.crm.pii.export").Select(p => p.RoleName).ToListAsync();
            Assert.Equal(["Administrator"], granted);
        }
    }

    /// <summary>Takes the database back to before the export permission: no grants of it, its migration not applied.</summary>
    private static async Task ForgetTheExportPermissionAsync(SiteFactory before)
    {
        await using var scope = await before.TenantScopeAsync("Default");
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        await db.RolePermissions.Where(p => p.Permission == "comerix.crm.export").ExecuteDeleteAsync();
        await db.Database.ExecuteSqlRawAsync("DELETE FROM __site_migrations WHERE \"MigrationId\" = '20261203000000_ExportPermission'");
        Assert.Empty(await db.RolePermissions.Where(p => p.Permission == "comerix.crm.export").ToListAsync());
    }

    private static async Task AssertUpgradedAsync(SiteFactory upgraded)
    {
        upgraded.StartServer();
        await using (var scope = await upgraded.TenantScopeAsync("Default"))
        {
            var granted = await scope.ServiceProvider.GetRequiredService<SiteDbContext>().RolePermissions
                .Where(p => p.TenantId == "Default" && p.Permission == "comerix.crm.export").Select(p => p.RoleName).ToListAsync();
            Assert.Equal(["Administrator", "Manager"], granted.Order());
        }
        foreach (var (email, expected) in new[] { (SiteFactory.ManagerEmail, HttpStatusCode.OK), (SiteFactory.AdminEmail, HttpStatusCode.OK), (SiteFactory.ViewerEmail, HttpStatusCode.Forbidden) })
        {
            // The users exist already: sign in without the fixture's seeding.
            using var client = new SiteClient(upgraded.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), "");
            await client.SignInAsync(email, SiteFactory.Password);
            Assert.Equal(expected, (await client.GetAsync("/admin/customers/export")).StatusCode);
        }
    }

    private async Task<string> ContactsAsync()
    {
        await site.EnsureUsersAsync();
        var word = "e" + Guid.NewGuid().ToString("N")[..8];
        await site.IngestAsync(Form(word, Day1, Email($"{word}@export.test")) with { Traits = new Dictionary<string, string> { ["name"] = "Export Person" } });
        return word;
    }
}
