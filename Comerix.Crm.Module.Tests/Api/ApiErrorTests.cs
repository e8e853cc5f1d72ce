using System.Net;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Tests.Site;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Api;

/// <summary>An error nobody handled, on an API route: problem+json for the client, nothing of the error in it.</summary>
public sealed class ApiErrorTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Theory]
    [InlineData("Development")] // the developer exception page, with its stack trace, answered API clients
    [InlineData("Production")] // the host's HTML error page answered them
    public async Task AnUnhandledErrorOnAnApiRouteIsProblemJsonThatRepeatsNothing(string environment)
    {
        var key = await site.CreateApiKeyAsync("read");
        using var broken = site.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment(environment);
            builder.ConfigureTestServices(services => services.AddScoped<ContactDirectory>(
                _ => throw new InvalidOperationException("Lookup failed for ada@broken.test (Ada Lovelace)")));
        });
        using var api = broken.CreateClient();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        api.DefaultRequestHeaders.Accept.ParseAdd("text/html"); // as a browser asks: still no HTML for an API

        var response = await api.GetAsync("/api/crm/contacts?q=ada");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"type\":\"https://comerix.example/problems/server-error\"", body);
        Assert.DoesNotContain("ada@broken.test", body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain(" at Comerix", body);
    }
}
