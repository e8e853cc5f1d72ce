using System.Net;
using Comerix.Crm.Tests.Infrastructure;

namespace Comerix.Crm.Tests.Site;

/// <summary>Every admin route × who asks: strangers go to sign in, the wrong role gets 403, the right one the page.</summary>
public sealed class AdminAccessTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const HttpStatusCode SignIn = HttpStatusCode.Redirect;
    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;

    public static TheoryData<string, string?, HttpStatusCode> Routes()
    {
        var data = new TheoryData<string, string?, HttpStatusCode>();
        void Add(string route, HttpStatusCode viewer, HttpStatusCode manager, HttpStatusCode admin)
        {
            data.Add(route, null, SignIn);
            data.Add(route, SiteFactory.ViewerEmail, viewer);
            data.Add(route, SiteFactory.ManagerEmail, manager);
            data.Add(route, SiteFactory.AdminEmail, admin);
        }
        Add("/admin/customers", Ok, Ok, Ok);
        Add("/admin/customers?audience=all&q=ada&source=Form&p=2", Ok, Ok, Ok);
        Add("/admin/customers/create", Forbidden, Ok, Ok);
        Add("/admin/customers/export?audience=all", Forbidden, Ok, Ok);
        Add("/admin/customers/{id}", Ok, Ok, Ok);
        Add("/admin/customers/{id}/edit", Forbidden, Ok, Ok);
        Add("/admin/customers/{id}/merge", Forbidden, Ok, Ok);
        Add("/admin/customers/{id}/notes", Forbidden, Ok, Ok);
        Add("/admin/customers/{id}/tags", Forbidden, Ok, Ok);
        Add("/admin/customers/{id}/fields", Forbidden, Ok, Ok);
        Add("/admin/customers/fields", Forbidden, Ok, Ok);
        Add("/admin/customers/columns", Ok, Ok, Ok);
        Add("/admin/customers/{id}/work", Forbidden, Ok, Ok);
        Add("/admin/customers/{id}/identifiers", Forbidden, Ok, Ok);
        Add("/admin/customers/stages", Forbidden, Ok, Ok);
        Add("/admin/customers/merges/999999999/undo", Forbidden, HttpStatusCode.NotFound, HttpStatusCode.NotFound);
        Add("/admin/customers/segments", Ok, Ok, Ok);
        Add("/admin/customers/segments/edit", Forbidden, Ok, Ok);
        Add("/admin/customers?audience=all&segment=1", Ok, Ok, Ok);
        Add("/admin/customers/bulk-work?audience=all&stage=lead", Forbidden, Ok, Ok);
        Add("/admin/customers/bulk-delete?audience=all&stage=lead", Forbidden, Forbidden, Ok);
        Add("/admin/customers/{id}/delete", Forbidden, Forbidden, Ok);
        Add("/admin/customers/activity", Ok, Ok, Ok);
        Add("/admin/customers/activity?type=merges&anon=1&selected=1", Ok, Ok, Ok);
        Add("/admin/customers/matching", Ok, Ok, Ok);
        Add("/admin/customers/matching?status=rejected", Ok, Ok, Ok);
        Add("/admin/customers/matching/duplicates", Ok, Ok, Ok);
        Add("/admin/customers/matching/rules", Forbidden, Ok, Ok);
        Add("/admin/customers/matching/rules?handler=export", Forbidden, Ok, Ok);
        Add("/admin/customers/matching/rules/create", Forbidden, Ok, Ok);
        Add("/admin/customers/matching/rules/1", Forbidden, Ok, Ok);
        Add("/admin/customers/api-keys", Forbidden, Ok, Ok);
        Add("/admin/customers/audit", Forbidden, Forbidden, Ok);
        Add("/admin/customers/audit?verify=true&p=2", Forbidden, Forbidden, Ok);
        Add("/admin/demo/conversations", Ok, Ok, Ok);
        Add("/admin/demo/forms", Ok, Ok, Ok);
        return data;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EachAdminRouteAnswersAccordingToThePermissionsOfTheRole(string route, string? user, HttpStatusCode expected)
    {
        var id = await ContactIdAsync();
        using var client = await site.SignInAsync(user);
        var response = await client.GetAsync(route.Replace("{id}", id.ToString()));
        Assert.Equal(expected, response.StatusCode);
        if (expected == SignIn)
        {
            Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
        }
        if (expected == Forbidden)
        {
            Assert.Contains("You don&#x27;t have access to this page", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("/admin/customers/create")]
    [InlineData("/admin/customers/{id}/edit")]
    [InlineData("/admin/customers/{id}/merge")]
    [InlineData("/admin/customers/{id}/notes")]
    [InlineData("/admin/customers/{id}/tags")]
    [InlineData("/admin/customers/{id}/tags?handler=remove")]
    [InlineData("/admin/customers/{id}/fields")]
    [InlineData("/admin/customers/fields?handler=create")]
    [InlineData("/admin/customers/fields?handler=delete")]
    [InlineData("/admin/customers/fields/plan")]
    [InlineData("/admin/customers/columns")]
    [InlineData("/admin/customers/{id}/work?handler=stage")]
    [InlineData("/admin/customers/{id}/work?handler=claim")]
    [InlineData("/admin/customers/{id}/identifiers?handler=detach")]
    [InlineData("/admin/customers/{id}/identifiers?handler=edit")]
    [InlineData("/admin/customers/stages?handler=add")]
    [InlineData("/admin/customers/segments/edit")]
    [InlineData("/admin/customers/segments/edit?handler=preview")]
    [InlineData("/admin/customers/segments/edit?id=1&handler=delete")]
    [InlineData("/admin/customers/bulk-work?handler=stage")]
    [InlineData("/admin/customers/bulk-delete")]
    [InlineData("/admin/customers/{id}/delete")]
    [InlineData("/admin/customers/matching/1/approve")]
    [InlineData("/admin/customers/matching/1/reject")]
    [InlineData("/admin/customers/matching/rules/create")]
    [InlineData("/admin/customers/matching/rules/1")]
    [InlineData("/admin/customers/matching/rules/1?handler=delete")]
    [InlineData("/admin/customers/api-keys?handler=create")]
    [InlineData("/logout")]
    public async Task APostWithoutAnAntiforgeryTokenIsRefusedAndChangesNothing(string route)
    {
        var id = await ContactIdAsync();
        using var client = await site.SignInAsync(SiteFactory.AdminEmail);
        var response = await client.Http.PostAsync(route.Replace("{id}", id.ToString()), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Confirmation"] = "DELETE",
            ["Input.Name"] = "Changed",
            ["Input.Email"] = "forged@site.test",
            ["other"] = id.ToString(),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await client.GetPageAsync($"/admin/customers/{id}");
        Assert.Equal("Access Test", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/customers/matching/rules/1")).StatusCode);
        Assert.Equal(5, (await client.GetPageAsync("/admin/customers/matching/rules")).QuerySelectorAll(".rules-table tbody tr").Length);
    }

    [Fact]
    public async Task TheMenuShowsOnlyEntriesTheUserMayOpen()
    {
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        var page = await viewer.GetPageAsync("/admin/customers");
        var menu = page.QuerySelectorAll(".menu-link").Select(a => a.TextContent.Trim()).ToList();
        Assert.Contains("Contacts", menu);
        Assert.Contains("Activity", menu);
        Assert.Contains("Matching", menu);
        Assert.Null(page.QuerySelector("a[href='/admin/customers/create']"));

        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        var adminPage = await admin.GetPageAsync("/admin/customers");
        Assert.NotNull(adminPage.QuerySelector("a[href='/admin/customers/create']"));
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        using var client = await site.SignInAsync(SiteFactory.ViewerEmail);
        var response = await client.PostFormAsync("/admin/customers", "/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/customers")).StatusCode);
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedWithAMessage()
    {
        using var client = await site.SignInAsync(null);
        var response = await client.PostFormAsync("/login", "/login", new() { ["Input.Email"] = SiteFactory.AdminEmail, ["Input.Password"] = "nope-nope-nope" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("That email and password do not match", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthAnswersWithoutSignIn()
    {
        using var client = await site.SignInAsync(null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    private async Task<long> ContactIdAsync()
    {
        var results = await site.IngestAsync(Events.Form("access-1", Events.Day1, Events.Email("access@site.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = "Access Test" },
        });
        return results[0].ContactId!.Value;
    }
}
