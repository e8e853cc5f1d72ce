using Comerix.Crm.Tests.Segment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Comerix.Crm.Tests.Browser;

/// <summary>
/// A shop's web site for the browser analytics tests: a minimal Kestrel server on its own loopback port, so on an
/// origin other than the CRM's, serving the committed pages of <c>Segment/browser-clients</c> and the two SDK files
/// from that folder's node_modules (installed by <c>npm ci</c> from the committed lock file).
/// </summary>
public sealed class ShopPageServer : IAsyncDisposable
{
    public static string ClientFolder { get; } = Path.Combine(BrowserSite.RepositoryRoot(), "Comerix.Crm.Module.Tests", "Segment", "browser-clients");

    /// <summary>The npm builds a page can load with a script tag: they need no bundler and bring everything they use.</summary>
    private static readonly Dictionary<string, string> Sdks = new(StringComparer.Ordinal)
    {
        ["/sdk/analytics-next.js"] = "node_modules/@segment/analytics-next/dist/umd/index.js",
        ["/sdk/rudderstack-analytics.js"] = "node_modules/@rudderstack/analytics-js/dist/npm/modern/bundled/umd/index.js",
    };

    /// <summary>The shop's pages, one per SDK: committed HTML in which the test fills in the key and the CRM's address.</summary>
    private static readonly string[] Pages = ["segment.html", "rudderstack.html"];

    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private WebApplication _app = null!;
    private (string Site, string WriteKey)? _shop;

    private ShopPageServer()
    {
    }

    /// <summary>Scheme, host and port: what the browser sends as Origin, and what a browser key lists.</summary>
    public string Origin => _app.Urls.Single();

    /// <summary>Starts a server on a free port; its pages answer 503 until <see cref="Serve"/> says where they send.</summary>
    public static async Task<ShopPageServer> StartAsync()
    {
        await EnsureInstalledAsync();
        var server = new ShopPageServer();
        server._app = await Bench.LoopbackServer.StartAsync(app =>
        {
            foreach (var (path, file) in Sdks)
            {
                app.MapGet(path, () => Results.File(Path.Combine(ClientFolder, file), "text/javascript"));
            }
            // Chromium asks every site for one; a 404 would be one more console error to read past.
            app.MapGet("/favicon.ico", () => Results.NoContent());
            foreach (var page in Pages)
            {
                app.MapGet("/" + page, () => server.PageAsync(page));
            }
        }, ClientFolder);
        return server;
    }

    /// <summary>The pages load their SDK with <paramref name="writeKey"/> and send to the CRM at <paramref name="site"/>.</summary>
    public void Serve(string site, string writeKey) => _shop = (site, writeKey);

    private async Task<IResult> PageAsync(string page)
    {
        if (_shop is not { } shop)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        var html = await File.ReadAllTextAsync(Path.Combine(ClientFolder, page));
        return Results.Content(html.Replace("__WRITE_KEY__", shop.WriteKey).Replace("__SITE__", shop.Site), "text/html; charset=utf-8");
    }

    /// <summary>Installs the two SDKs from the committed lock file, once (a fresh checkout has no node_modules).</summary>
    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (Sdks.Values.All(file => File.Exists(Path.Combine(ClientFolder, file))))
            {
                return;
            }
            var install = await NodeFactAttribute.RunAsync("npm", "ci --no-audit --no-fund", ClientFolder);
            Assert.True(install.ExitCode == 0, "npm ci failed in " + ClientFolder + ":\n" + install.Output);
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
