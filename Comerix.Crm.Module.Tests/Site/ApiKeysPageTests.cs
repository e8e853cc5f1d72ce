using System.Net;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Site;

/// <summary>API keys in the admin: created and shown once, stored only as a hash, revoked for good.</summary>
public sealed class ApiKeysPageTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task OnlyWhoMayEraseAndExportAPersonCreatesAPrivacyKey()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var page = await manager.GetPageAsync("/admin/customers/api-keys");
        Assert.Null(page.QuerySelector("input[name='Input.Privacy']"));
        var refused = await manager.ReadAsync(await manager.PostFormAsync("/admin/customers/api-keys", "/admin/customers/api-keys?handler=create", new()
        {
            ["Input.Name"] = "Sneaky privacy", ["Input.Ingest"] = "false", ["Input.Privacy"] = "true",
        }));
        Assert.Contains("comerix.crm.pii.export", refused.QuerySelector("[data-valmsg-for='Input.Privacy']")!.TextContent);

        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        Assert.NotNull((await admin.GetPageAsync("/admin/customers/api-keys")).QuerySelector("input[name='Input.Privacy']"));
        var created = await admin.PostFormAsync("/admin/customers/api-keys", "/admin/customers/api-keys?handler=create", new()
        {
            ["Input.Name"] = "Privacy desk", ["Input.Ingest"] = "false", ["Input.Privacy"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var key = (await admin.GetPageAsync("/admin/customers/api-keys")).QuerySelector("[data-testid=new-key] code")!.TextContent.Trim();
        await using var scope = await site.TenantScopeAsync("Default");
        Assert.Equal("privacy", (await scope.ServiceProvider.GetRequiredService<CrmDbContext>().ApiKeys.SingleAsync(k => k.Id == key.Split('_')[1])).Scopes);
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<CrmDbContext>().ApiKeys.Where(k => k.Name == "Sneaky privacy").ToListAsync());
    }

    [Fact]
    public async Task AKeyIsShownOnceStoredAsAHashAndStopsWorkingWhenRevoked()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var response = await manager.PostFormAsync("/admin/customers/api-keys", "/admin/customers/api-keys?handler=create", new()
        {
            ["Input.Name"] = "Shop backend",
            ["Input.Ingest"] = "true",
            ["Input.Read"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var shown = await manager.GetAsync("/admin/customers/api-keys");
        var page = await manager.ReadAsync(shown);
        var key = page.QuerySelector("[data-testid=new-key] code")!.TextContent.Trim();
        Assert.StartsWith("cxk_", key);
        Assert.True(shown.Headers.CacheControl!.NoStore);

        var listed = await manager.GetPageAsync("/admin/customers/api-keys");
        Assert.Null(listed.QuerySelector("[data-testid=new-key]"));
        Assert.DoesNotContain(key, listed.Body!.InnerHtml);
        var keyId = key.Split('_')[1];
        var row = listed.QuerySelector($"tr[data-key-id='{keyId}']")!;
        Assert.Contains("Shop backend", row.TextContent);
        Assert.Contains("ingest, read", row.TextContent);
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var stored = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().ApiKeys.SingleAsync(k => k.Id == keyId);
            Assert.DoesNotContain(key.Split('_')[2], stored.SecretHash);
            Assert.Equal(64, stored.SecretHash.Length);
        }

        using var api = site.ApiClient(key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/crm/contacts")).StatusCode);
        var revoked = await manager.PostFormAsync("/admin/customers/api-keys", $"/admin/customers/api-keys?handler=revoke&id={keyId}", []);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Contains("Revoked", (await manager.GetPageAsync("/admin/customers/api-keys")).QuerySelector($"tr[data-key-id='{keyId}']")!.TextContent);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("api/crm/contacts")).StatusCode);
    }

    [Fact]
    public async Task AKeyNeedsANameAndAScope()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var page = await manager.ReadAsync(await manager.PostFormAsync("/admin/customers/api-keys", "/admin/customers/api-keys?handler=create", new()
        {
            ["Input.Name"] = "No scopes",
            ["Input.Ingest"] = "false",
            ["Input.Read"] = "false",
        }));
        Assert.Contains("at least one scope", page.QuerySelector("[data-valmsg-for='Input.Ingest']")!.TextContent);
        Assert.Null(page.QuerySelector("[data-testid=new-key]"));
    }

    [Fact]
    public async Task TheMenuCountsPendingReviews()
    {
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        Assert.Null((await viewer.GetPageAsync("/admin/customers")).QuerySelector("[data-testid=menu-badge]"));
        // Two identified contacts tied by an unverified phone: queued for review.
        await site.IngestAsync(
            Infrastructure.Events.Form("badge-1", Infrastructure.Events.Day1, Infrastructure.Events.Email("one@badge.test"), Infrastructure.Events.Phone("+4915112345678")),
            Infrastructure.Events.Form("badge-2", Infrastructure.Events.Day1, Infrastructure.Events.Email("two@badge.test")),
            Infrastructure.Events.Form("badge-3", Infrastructure.Events.Day1, Infrastructure.Events.Email("two@badge.test"), Infrastructure.Events.Phone("+4915112345678")));
        var menu = (await viewer.GetPageAsync("/admin/customers")).QuerySelector("[data-testid=menu-badge]");
        Assert.Equal("1", menu!.TextContent);
        Assert.Contains("Matching", menu.ParentElement!.TextContent);
        Assert.Null((await viewer.GetPageAsync("/admin/customers")).QuerySelector("a[href='/admin/customers/api-keys']"));
    }
}
