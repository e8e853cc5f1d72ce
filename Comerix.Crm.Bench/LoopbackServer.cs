using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Bench;

/// <summary>
/// A small Kestrel server on a free loopback port, silent in the log: the webhook receivers and shop pages that the
/// benchmarks and the tests talk to (the tests reference this project).
/// </summary>
internal static class LoopbackServer
{
    /// <summary>Builds the server, lets <paramref name="map"/> add its routes, and starts it; <c>app.Urls</c> then holds its address.</summary>
    public static async Task<WebApplication> StartAsync(Action<WebApplication> map, string? contentRoot = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = contentRoot });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }
}
