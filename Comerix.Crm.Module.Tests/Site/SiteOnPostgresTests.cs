using System.Net;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// The whole site on PostgreSQL (<c>--database postgres --connection …</c>): setup, sign-in, adding and finding a
/// customer (search is LIKE there, not SQLite's trigram index), and a tenant on its own host name.
/// </summary>
public sealed class SiteOnPostgresTests
{
    [PostgresFact]
    public async Task TheSiteRunsOnPostgresAndResolvesTenantsByHostName()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = SiteFactory.OnPostgres(database);

        using var client = await site.SignInAsync(SiteFactory.ManagerEmail);
        var created = await client.PostFormAsync("/admin/customers/create", "/admin/customers/create",
            new() { ["Input.Name"] = "Pat Postgres", ["Input.Email"] = "pat@pg.test", ["Input.Phone"] = "+1 617 555 0123" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        foreach (var q in new[] { "pat post", "PG.TEST", "(617) 555" })
        {
            var list = await client.GetPageAsync($"/admin/customers?q={Uri.EscapeDataString(q)}");
            Assert.Equal(["Pat Postgres"], list.QuerySelectorAll(".customer-name").Select(n => n.TextContent));
        }

        await site.Services.GetRequiredService<Comerix.SiteHost.Data.SiteSetup>()
            .CreateTenantAsync("north", urlPrefix: null, hostName: "north.example", Comerix.SiteHost.Data.SiteSetup.DefaultRecipePath);
        await site.CreateUserAsync("north", "owner@north.test", "Viewer");
        using var north = await site.SignInAsync(null);
        north.Http.DefaultRequestHeaders.Host = "north.example";
        await north.SignInAsync("owner@north.test", SiteFactory.Password);
        var northList = await north.GetPageAsync("/admin/customers");
        Assert.Equal("No contacts yet", northList.QuerySelector(".empty-state h2")!.TextContent);
        Assert.Equal("north", northList.QuerySelector(".tenant-chip")!.TextContent);
    }

    [PostgresFact]
    public async Task ImportAndExportWorkOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = SiteFactory.OnPostgres(database);
        using var client = await site.SignInAsync(SiteFactory.ManagerEmail);

        var upload = await client.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "pg.csv",
            System.Text.Encoding.UTF8.GetBytes("name,email,company,tags,unsubscribed\nPia Import,pia@pg.test,\"Rows, Inc\",Fair,yes\nNo One,,,,\n"));
        var jobUrl = upload.Headers.Location!.OriginalString;
        await client.PostFormAsync(jobUrl, $"{jobUrl}?handler=start", new() { ["map[0]"] = "name", ["map[1]"] = "email", ["map[2]"] = "company", ["map[3]"] = "tags", ["map[4]"] = "do_not_contact" });
        var done = await ContactImportTests.WaitUntilDoneAsync(client, jobUrl);
        Assert.Equal(["1", "0", "0", "0", "1"], done.QuerySelectorAll("[data-testid=import-results] .tile-value").Select(t => t.TextContent));

        var export = await (await client.GetAsync("/admin/customers/export?q=pia")).Content.ReadAsStringAsync();
        Assert.Contains(",Pia Import,pia@pg.test,,\"Rows, Inc\",Import,true,", export);
        Assert.EndsWith(",Fair,unsubscribed,,", export.Split("\r\n").Single(l => l.Contains("pia@pg.test")));
    }

    [PostgresFact]
    public async Task TagsFilterTheListAndFollowAMergeOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = SiteFactory.OnPostgres(database);
        var kept = (await site.IngestAsync(Infrastructure.Events.Form("pg-tag-1", Infrastructure.Events.Day1, Infrastructure.Events.Email("kept@pg.test"))))[0].ContactId!.Value;
        var folded = (await site.IngestAsync(Infrastructure.Events.Form("pg-tag-2", Infrastructure.Events.Day1, Infrastructure.Events.Email("folded@pg.test"))))[0].ContactId!.Value;
        using var client = await site.SignInAsync(SiteFactory.ManagerEmail);
        foreach (var (id, label) in new[] { (kept, "VIP"), (folded, "vip"), (folded, "Press") })
        {
            await client.PostFormAsync($"/admin/customers/{id}", $"/admin/customers/{id}/tags", new() { ["Input.Label"] = label });
        }

        await site.Services.GetRequiredService<Comerix.Crm.Resolution.IdentityEngine>()
            .MergeAsync("Default", mergeId: folded, intoId: kept, actor: "test");
        var profile = await client.GetPageAsync($"/admin/customers/{kept}");
        Assert.Equal(["Press", "VIP"], profile.QuerySelectorAll(".tags .tag-chip a").Select(a => a.TextContent.Trim()));
        var list = await client.GetPageAsync("/admin/customers?audience=all&tag=press");
        Assert.Equal(["kept@pg.test"], list.QuerySelectorAll(".customer-name").Select(n => n.TextContent));

        // In bulk: everyone the filter matches, then a row ticked before the merge (it acts on the survivor).
        var other = (await site.IngestAsync(Infrastructure.Events.Form("pg-tag-3", Infrastructure.Events.Day1, Infrastructure.Events.Email("other@pg.test"))))[0].ContactId!.Value;
        await client.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags",
            new() { ["scope"] = "filter", ["audience"] = "all", ["q"] = "pg.test", ["label"] = "Spring" });
        var spring = await client.GetPageAsync("/admin/customers?audience=all&tag=spring");
        Assert.Equal(["kept@pg.test", "other@pg.test"], spring.QuerySelectorAll(".customer-name").Select(n => n.TextContent).Order());
        var removed = await client.PostFormAsync("/admin/customers", "/admin/customers/bulk-tags?handler=remove",
            new() { ["scope"] = "ticked", ["ids[0]"] = folded.ToString(), ["ids[1]"] = other.ToString(), ["label"] = "press" });
        Assert.Contains("from 1 contact.", (await client.GetPageAsync(removed.Headers.Location!.OriginalString)).QuerySelector(".alert-success")!.TextContent);
        Assert.Empty((await client.GetPageAsync("/admin/customers?audience=all&tag=press")).QuerySelectorAll(".customer-name"));

        // The tag and a source saved as a view.
        var saved = await client.PostFormAsync("/admin/customers", "/admin/customers/views",
            new() { ["name"] = "Spring forms", ["audience"] = "all", ["tag"] = "spring", ["source"] = "Form" });
        var view = await client.GetPageAsync(saved.Headers.Location!.OriginalString);
        Assert.Equal("Spring forms", view.QuerySelector(".view-chip.is-active")!.TextContent);
        Assert.Equal(["kept@pg.test", "other@pg.test"], view.QuerySelectorAll(".customer-name").Select(n => n.TextContent).Order());
    }
}
