using System.Net;
using Comerix.Crm.Data;
using Comerix.Crm.Matching;
using Comerix.Crm.Tests.Site;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Reliability;

/// <summary>
/// Every endpoint in the site's routing table × {anonymous, Viewer, Manager, Administrator}, against the table
/// below. The table is checked against the routing table both ways: an endpoint added without a row here (and
/// so without a decision about who may call it) fails the first test.
/// </summary>
public sealed class EndpointAccessTests(EndpointAccessSiteFactory site) : IClassFixture<EndpointAccessSiteFactory>
{
    private const int SignIn = 302, Ok = 200, Forbidden = 403, Unauthorized = 401, Redirect = 302, BadRequest = 400, NoContent = 204, NotFound = 404;

    /// <summary>Route pattern (as routed, with "PAGE" or the HTTP method) → the GET (or API call) status per caller.</summary>
    private static readonly Dictionary<string, (string Path, int Anonymous, int Viewer, int Manager, int Administrator)> Expected = new()
    {
        ["PAGE /"] = ("/", Redirect, Redirect, Redirect, Redirect),
        ["PAGE /admin"] = ("/admin", SignIn, Redirect, Redirect, Redirect),
        ["PAGE /login"] = ("/login", Ok, Ok, Ok, Ok),
        ["PAGE /logout"] = ("/logout", Redirect, Redirect, Redirect, Redirect),
        ["PAGE /error/{code:int}"] = ("/error/404", 404, 404, 404, 404),
        ["PAGE /demo"] = ("/demo", Ok, Ok, Ok, Ok),
        ["PAGE /admin/customers"] = ("/admin/customers", SignIn, Ok, Ok, Ok),
        ["PAGE /admin/customers/create"] = ("/admin/customers/create", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/export"] = ("/admin/customers/export", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/bulk-tags"] = ("/admin/customers/bulk-tags", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/bulk-work"] = ("/admin/customers/bulk-work", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/bulk-delete"] = ("/admin/customers/bulk-delete", SignIn, Forbidden, Forbidden, Ok),
        ["PAGE /admin/customers/stages"] = ("/admin/customers/stages", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/segments"] = ("/admin/customers/segments", SignIn, Ok, Ok, Ok),
        ["PAGE /admin/customers/segments/edit"] = ("/admin/customers/segments/edit", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/{id:long}/identifiers"] = ("/admin/customers/{contact}/identifiers", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/matching/duplicates"] = ("/admin/customers/matching/duplicates", SignIn, Ok, Ok, Ok),
        ["PAGE /admin/customers/merges/{mergeId:long}/undo"] = ("/admin/customers/merges/999999999/undo", SignIn, Forbidden, 404, 404),
        ["PAGE /admin/customers/{id:long}/work"] = ("/admin/customers/{contact}/work", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/views"] = ("/admin/customers/views", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/import"] = ("/admin/customers/import", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/import/{id}"] = ("/admin/customers/import/no-such-import", SignIn, Forbidden, 404, 404),
        ["PAGE /admin/customers/import/{id}/errors"] = ("/admin/customers/import/no-such-import/errors", SignIn, Forbidden, 404, 404),
        ["PAGE /admin/customers/{id:long}"] = ("/admin/customers/{contact}", SignIn, Ok, Ok, Ok),
        ["PAGE /admin/customers/{id:long}/edit"] = ("/admin/customers/{contact}/edit", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/{id:long}/merge"] = ("/admin/customers/{contact}/merge", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/{id:long}/notes"] = ("/admin/customers/{contact}/notes", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/{id:long}/tags"] = ("/admin/customers/{contact}/tags", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/{id:long}/fields"] = ("/admin/customers/{contact}/fields", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/fields"] = ("/admin/customers/fields", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/columns"] = ("/admin/customers/columns", SignIn, Ok, Ok, Ok),
        ["PAGE /admin/customers/fields/{key}"] = ("/admin/customers/fields/no_such_field", SignIn, Forbidden, 404, 404),
        ["PAGE /admin/customers/{id:long}/do-not-contact"] = ("/admin/customers/{contact}/do-not-contact", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/{id:long}/delete"] = ("/admin/customers/{contact}/delete", SignIn, Forbidden, Forbidden, Ok),
        ["PAGE /admin/customers/activity"] = ("/admin/customers/activity", SignIn, Ok, Ok, Ok),
        ["PAGE /admin/customers/matching"] = ("/admin/customers/matching", SignIn, Ok, Ok, Ok),
        // Decisions are POSTs; a GET shows the queue again.
        ["PAGE /admin/customers/matching/{id:long}/approve"] = ("/admin/customers/matching/987654321/approve", SignIn, Forbidden, 404, 404),
        ["PAGE /admin/customers/matching/{id:long}/reject"] = ("/admin/customers/matching/1/reject", SignIn, Forbidden, Redirect, Redirect),
        ["PAGE /admin/customers/matching/rules"] = ("/admin/customers/matching/rules", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/matching/rules/create"] = ("/admin/customers/matching/rules/create", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/matching/rules/{id:long}"] = ("/admin/customers/matching/rules/1", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/api-keys"] = ("/admin/customers/api-keys", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/audit"] = ("/admin/customers/audit", SignIn, Forbidden, Forbidden, Ok),
        ["PAGE /admin/customers/webhooks"] = ("/admin/customers/webhooks", SignIn, Forbidden, Ok, Ok),
        ["PAGE /admin/customers/webhooks/{id}"] = ("/admin/customers/webhooks/ep_no_such_endpoint", SignIn, Forbidden, 404, 404),
        ["PAGE /admin/demo/conversations/{id?}"] = ("/admin/demo/conversations", SignIn, Ok, Ok, Ok),
        ["PAGE /admin/demo/forms/{id?}"] = ("/admin/demo/forms", SignIn, Ok, Ok, Ok),
        ["GET /health"] = ("/health", Ok, Ok, Ok, Ok),
        ["GET /openapi/{documentName}.json"] = ("/openapi/crm.json", Ok, Ok, Ok, Ok),
        // The list is a bulk copy: a signed-in user needs the export permission too (ReadApiTests).
        ["GET /api/crm/contacts"] = ("/api/crm/contacts", Unauthorized, Forbidden, Ok, Ok),
        ["GET /api/crm/segments"] = ("/api/crm/segments", Unauthorized, Ok, Ok, Ok),
        // A segment's members are a bulk copy like the list: export permission too. No segment 999: 404 to those allowed.
        ["GET /api/crm/segments/{id:long}/contacts"] = ("/api/crm/segments/999/contacts", Unauthorized, Forbidden, NotFound, NotFound),
        ["GET /api/crm/contacts/{id:long}"] = ("/api/crm/contacts/{contact}", Unauthorized, Ok, Ok, Ok),
        ["GET /api/crm/contacts/{id:long}/activities"] = ("/api/crm/contacts/{contact}/activities", Unauthorized, Ok, Ok, Ok),
        // One person's whole data: comerix.crm.pii.export (Administrators by default) or a key with the privacy scope.
        ["GET /api/crm/contacts/{id:long}/export"] = ("/api/crm/contacts/{contact}/export", Unauthorized, Forbidden, Forbidden, Ok),
        // Erasure by API needs a key with the privacy scope; signed-in users erase from the profile page.
        ["POST /api/crm/erasure"] = ("/api/crm/erasure", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["GET /api/crm/erasure/{id:long}"] = ("/api/crm/erasure/1", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        // Sending events needs an API key: a signed-in user's cookie is not one (and so cannot be used for CSRF).
        ["POST /api/crm/do-not-contact"] = ("/api/crm/do-not-contact", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /api/crm/do-not-contact/lift"] = ("/api/crm/do-not-contact/lift", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /api/crm/events"] = ("/api/crm/events", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /v1/identify"] = ("/v1/identify", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /v1/track"] = ("/v1/track", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /v1/page"] = ("/v1/page", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /v1/screen"] = ("/v1/screen", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /v1/alias"] = ("/v1/alias", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /v1/group"] = ("/v1/group", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /v1/batch"] = ("/v1/batch", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        // analytics.js's short routes: the same, the key as Basic auth or the body's writeKey (BrowserKeyTests).
        ["POST /v1/i"] = ("/v1/i", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /v1/t"] = ("/v1/t", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /v1/p"] = ("/v1/p", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /v1/s"] = ("/v1/s", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /v1/a"] = ("/v1/a", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /v1/g"] = ("/v1/g", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /v1/b"] = ("/v1/b", Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        // analytics.js's own metrics: taken from anyone and dropped. The SDKs' settings: 404 but for a live browser key.
        ["POST /v1/m"] = ("/v1/m", NoContent, NoContent, NoContent, NoContent),
        ["GET /v1/projects/{writeKey}/settings"] = ("/v1/projects/cxk_no_key/settings", NotFound, NotFound, NotFound, NotFound),
        ["GET /sourceConfig"] = ("/sourceConfig/?writeKey=cxk_no_key", NotFound, NotFound, NotFound, NotFound),
        // CORS preflights: refused without an Origin a live browser key lists (BrowserCorsTests).
        ["OPTIONS /v1/identify"] = ("/v1/identify", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/track"] = ("/v1/track", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/page"] = ("/v1/page", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/screen"] = ("/v1/screen", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/alias"] = ("/v1/alias", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/group"] = ("/v1/group", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/batch"] = ("/v1/batch", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/i"] = ("/v1/i", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/t"] = ("/v1/t", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/p"] = ("/v1/p", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/s"] = ("/v1/s", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/a"] = ("/v1/a", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/g"] = ("/v1/g", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/b"] = ("/v1/b", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/m"] = ("/v1/m", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /v1/projects/{writeKey}/settings"] = ("/v1/projects/cxk_no_key/settings", Forbidden, Forbidden, Forbidden, Forbidden),
        ["OPTIONS /sourceConfig"] = ("/sourceConfig", Forbidden, Forbidden, Forbidden, Forbidden),
    };

    private static readonly string?[] Callers = [null, SiteFactory.ViewerEmail, SiteFactory.ManagerEmail, SiteFactory.AdminEmail];

    [Fact]
    public void TheTableCoversExactlyTheEndpointsInTheRoutingTable()
    {
        site.StartServer();
        var routed = site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(Key).Distinct().Order().ToList();
        Assert.Empty(routed.Except(Expected.Keys));
        Assert.Empty(Expected.Keys.Except(routed));
    }

    public static TheoryData<string> Endpoints() => new(Expected.Keys.Order());

    private static string AddressOf(string endpoint)
    {
        var index = Expected.Keys.Order().ToList().IndexOf(endpoint);
        return $"198.18.{index / 250}.{index % 250 + 1}";
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task EachEndpointAnswersEachCallerAsTheTableSays(string endpoint)
    {
        var contact = await ContactAsync();
        var (path, anonymous, viewer, manager, administrator) = Expected[endpoint];
        var url = path.Replace("{contact}", contact.ToString());
        var method = endpoint.StartsWith("POST ", StringComparison.Ordinal) ? HttpMethod.Post
            : endpoint.StartsWith("OPTIONS ", StringComparison.Ordinal) ? HttpMethod.Options : HttpMethod.Get;
        var expected = new[] { anonymous, viewer, manager, administrator };
        for (var i = 0; i < Callers.Length; i++)
        {
            using var client = await site.SignInAsync(Callers[i]);
            var request = new HttpRequestMessage(method, url);
            // Each endpoint from an address of its own: requests with no key or a wrong key are counted per address
            // (FailedKeyLimiter), and the whole table from one address would be over that limit, not what it tests.
            request.Headers.Add(PeerFromHeader.Header, AddressOf(endpoint));
            if (method == HttpMethod.Post)
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }
            var response = await client.Http.SendAsync(request);
            Assert.True(expected[i] == (int)response.StatusCode,
                $"{endpoint} as {Callers[i] ?? "anonymous"}: expected {expected[i]}, got {(int)response.StatusCode}");
        }
    }

    /// <summary>
    /// Every page takes POSTs (a handler or not): without the antiforgery token each is 400, and nothing changes.
    /// The error page alone ignores tokens (it renders refused POSTs) and changes nothing.
    /// </summary>
    [Fact]
    public async Task EveryPagePostWithoutAnAntiforgeryTokenIs400AndChangesNothing()
    {
        var contact = await ContactAsync();
        var before = await SnapshotAsync();
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        foreach (var (endpoint, row) in Expected.Where(e => e.Key.StartsWith("PAGE ", StringComparison.Ordinal) && e.Key != "PAGE /error/{code:int}"))
        {
            foreach (var handler in new[] { "", "?handler=delete", "?handler=create", "?handler=revoke&id=x", "?handler=test", "?handler=chat" })
            {
                var response = await admin.Http.PostAsync(row.Path.Replace("{contact}", contact.ToString()) + handler, new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Confirmation"] = "DELETE",
                    ["Input.Name"] = "Forged",
                    ["Input.Email"] = "forged@site.test",
                    ["Chat.Message"] = "forged",
                    ["other"] = contact.ToString(),
                }));
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {row.Path}{handler} answered {(int)response.StatusCode}");
            }
        }
        Assert.Equal(before, await SnapshotAsync());
    }

    private static string Key(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
        var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
        return $"{(methods is { Count: > 0 } ? string.Join(",", methods) : "PAGE")} {pattern}";
    }

    private long _contact;

    private async Task<long> ContactAsync()
    {
        await site.EnsureUsersAsync();
        if (_contact == 0)
        {
            _contact = (await site.IngestAsync(Form("access-1", Day1, Email("access@site.test"))))[0].ContactId!.Value;
        }
        return _contact;
    }

    /// <summary>What a forged request could have changed: counts of everything, and the contact's name.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var scope = await site.TenantScopeAsync("Default");
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        return string.Join(",",
            await db.Contacts.CountAsync(), await db.Contacts.CountAsync(c => c.DisplayName == "Forged"), await db.Identifiers.CountAsync(),
            await db.Activities.CountAsync(), await db.IdentityRules.CountAsync(), await db.ApiKeys.CountAsync(), await db.AuditEntries.CountAsync(),
            await db.MergeReviews.CountAsync(r => r.Status != MergeReviewStatus.Pending));
    }
}

/// <summary>The site, with each request's client address taken from the test header (<see cref="PeerFromHeader"/>).</summary>
public sealed class EndpointAccessSiteFactory : SiteFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        PeerFromHeader.AddTo(builder);
    }
}
