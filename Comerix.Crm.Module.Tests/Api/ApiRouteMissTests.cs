using System.Net;
using System.Text.Json;
using Comerix.Crm.Tests.Site;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Api;

/// <summary>
/// A request no API endpoint takes (an id too long for its route, a path or method the API does not have) is answered
/// like every other API error: problem+json with a title. The admin pages keep their HTML error pages.
/// </summary>
public sealed class ApiRouteMissTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Theory]
    [InlineData("GET", "/api/crm/contacts/99999999999999999999", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/crm/contacts/99999999999999999999/activities", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/crm/contacts/ada", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/crm/contacts/1/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/crm/no-such-endpoint", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/crm", HttpStatusCode.NotFound)]
    [InlineData("GET", "/t/no-such-tenant/api/crm/contacts", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/crm/contacts/1", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/api/crm/events", HttpStatusCode.MethodNotAllowed)]
    public async Task ARequestNoEndpointTakesIsProblemJson(string method, string path, HttpStatusCode status)
    {
        var key = await site.CreateApiKeyAsync("ingest,read");
        foreach (var caller in new[] { site.ApiClient(key), site.ApiClient(null) })
        {
            using (caller)
            {
                var response = await caller.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                var detail = await ProblemAsync(response, status);
                var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
                Assert.Contains("/openapi/crm.json", detail);
            }
        }
    }

    [Fact]
    public async Task AdminPagesKeepTheirHtmlErrorPages()
    {
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        foreach (var path in new[] { "/admin/customers/99999999999999999999", "/admin/customers/no-such-page", "/no/such/page" })
        {
            var response = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
