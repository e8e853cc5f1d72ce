using System.Net;

namespace Comerix.Crm.Tests.Site;

/// <summary>The audit log in the admin: Administrators see what happened, newest first, and can verify the chain.</summary>
public sealed class AuditPageTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task AnAdministratorSeesTheEntriesNewestFirstAndVerifiesTheChain()
    {
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        await admin.PostFormAsync("/admin/customers/api-keys", "/admin/customers/api-keys?handler=create", new()
        {
            ["Input.Name"] = "Audited key",
            ["Input.Ingest"] = "true",
        });
        var page = await admin.GetPageAsync("/admin/customers/audit");
        var first = page.QuerySelector(".audit-table tbody tr")!;
        Assert.Contains("api-key.created", first.TextContent);
        Assert.Contains(SiteFactory.AdminEmail, first.TextContent);
        Assert.DoesNotContain("cxk_", page.Body!.InnerHtml);
        Assert.Contains("Audit log", page.QuerySelector(".menu")!.TextContent);

        var verified = await admin.GetPageAsync("/admin/customers/audit?verify=true");
        Assert.StartsWith("Intact:", verified.QuerySelector("[data-testid=audit-verification]")!.TextContent.Trim());

        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/admin/customers/audit")).StatusCode);
        Assert.DoesNotContain("Audit log", (await manager.GetPageAsync("/admin/customers")).QuerySelector(".menu")!.TextContent);
    }
}
