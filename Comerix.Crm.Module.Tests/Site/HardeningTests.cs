using System.Net;

namespace Comerix.Crm.Tests.Site;

/// <summary>Security headers on every kind of response, and sign-in lockout after repeated failures.</summary>
public sealed class HardeningTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Theory]
    [InlineData("GET", "/health", HttpStatusCode.OK)]
    [InlineData("GET", "/login", HttpStatusCode.OK)]
    [InlineData("GET", "/admin/customers", HttpStatusCode.Redirect)]
    [InlineData("GET", "/css/admin.css", HttpStatusCode.OK)]
    [InlineData("GET", "/no/such/page", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/crm/contacts", HttpStatusCode.Unauthorized)]
    [InlineData("POST", "/api/crm/events", HttpStatusCode.Unauthorized)]
    [InlineData("POST", "/v1/batch", HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/openapi/crm.json", HttpStatusCode.OK)]
    [InlineData("GET", "/demo", HttpStatusCode.OK)]
    public async Task EveryResponseCarriesTheSecurityHeaders(string method, string path, HttpStatusCode status)
    {
        using var client = await site.SignInAsync(null);
        var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : null,
        });
        Assert.Equal(status, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task RepeatedWrongPasswordsLockTheAccountEvenAgainstTheRightOne()
    {
        await site.EnsureUsersAsync();
        await site.CreateUserAsync("Default", "locked@site.test", "Viewer");
        using var client = await site.SignInAsync(null);
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            var wrong = await client.PostFormAsync("/login", "/login", new() { ["Input.Email"] = "locked@site.test", ["Input.Password"] = $"Wrong-password-{attempt}" });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        var right = await client.PostFormAsync("/login", "/login", new() { ["Input.Email"] = "locked@site.test", ["Input.Password"] = SiteFactory.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        // Refused in the words any failed sign-in gets (SignInLockoutTests: a "locked" answer tells that the account exists).
        Assert.Contains("That email and password do not match", (await client.ReadAsync(right)).QuerySelector(".alert")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/customers")).StatusCode);
    }
}
