using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;
using Comerix.SiteHost.Security;
using Comerix.SiteHost.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// The real SiteHost on a fresh SQLite data folder: first start applies the default recipe; the fixture adds one
/// user per role. Tests talk to it over HTTP like a browser would.
/// </summary>
public class SiteFactory : WebApplicationFactory<Program>
{
    public const string Password = "Correct-horse-battery-9";
    public const string AdminEmail = "admin@site.test";
    public const string ManagerEmail = "manager@site.test";
    public const string ViewerEmail = "viewer@site.test";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "comerix-site-" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>The site on <paramref name="database"/>, a PostgreSQL test database (<c>--database postgres --connection …</c>).</summary>
    public static SiteFactory OnPostgres(Infrastructure.TestDatabase database)
    {
        var site = new SiteFactory();
        site.Settings["database"] = "postgres";
        site.Settings["connection"] = database.Options.ConnectionString!;
        return site;
    }

    /// <summary>More command-line style settings for the site (e.g. "database" and "connection" for PostgreSQL).</summary>
    public Dictionary<string, string> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("data-dir", DataDirectory);
        builder.UseSetting("COMERIX_ADMIN_EMAIL", AdminEmail);
        builder.UseSetting("COMERIX_ADMIN_PASSWORD", Password);
        // After the defaults, so a test may replace any of them.
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseEnvironment("Development");
    }

    private bool _seeded;
    private readonly SemaphoreSlim _seedLock = new(1, 1);

    /// <summary>Starts the site (once) and makes sure the Manager and Viewer users exist.</summary>
    public async Task EnsureUsersAsync()
    {
        await _seedLock.WaitAsync();
        try
        {
            if (_seeded)
            {
                return;
            }
            StartServer();
            await CreateUserAsync(SiteTenant.DefaultName, ManagerEmail, "Manager");
            await CreateUserAsync(SiteTenant.DefaultName, ViewerEmail, "Viewer");
            _seeded = true;
        }
        finally
        {
            _seedLock.Release();
        }
    }

    public async Task CreateUserAsync(string tenant, string email, string role)
    {
        await using var scope = await TenantScopeAsync(tenant);
        var problems = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(tenant, email, Password, role);
        Assert.True(problems.Count == 0, string.Join(" ", problems));
    }

    public async Task<AsyncServiceScope> TenantScopeAsync(string tenant)
    {
        var found = await Services.GetRequiredService<TenantRegistry>().FindAsync(tenant)
            ?? throw new InvalidOperationException($"no tenant {tenant}");
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(found);
        return scope;
    }

    public Task<IReadOnlyList<IngestResult>> IngestAsync(params CrmEvent[] events) =>
        Services.GetRequiredService<IdentityEngine>().IngestBatchAsync(SiteTenant.DefaultName, events);

    /// <summary>A new API key of <paramref name="tenant"/> (the whole key, as its creator sees it once).</summary>
    public async Task<string> CreateApiKeyAsync(string scopes = "ingest", string tenant = SiteTenant.DefaultName)
    {
        StartServer();
        await using var scope = await TenantScopeAsync(tenant);
        var (created, error) = await scope.ServiceProvider.GetRequiredService<Comerix.Crm.Api.Keys.ApiKeyService>()
            .CreateAsync(tenant, "Test key", scopes, "test");
        return created?.Key ?? throw new InvalidOperationException(error);
    }

    /// <summary>A browser key (public, ingest only) usable from <paramref name="origins"/> (one a line, or comma-separated).</summary>
    public async Task<string> CreateBrowserKeyAsync(string origins, string tenant = SiteTenant.DefaultName)
    {
        StartServer();
        await using var scope = await TenantScopeAsync(tenant);
        var (created, error) = await scope.ServiceProvider.GetRequiredService<Comerix.Crm.Api.Keys.ApiKeyService>()
            .CreateBrowserKeyAsync(tenant, "Browser key", origins, "test");
        return created?.Key ?? throw new InvalidOperationException(error);
    }

    /// <summary>A client that sends <paramref name="key"/> as a bearer token (no cookies, no redirects).</summary>
    public HttpClient ApiClient(string? key, string pathBase = "")
    {
        StartServer();
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.BaseAddress = new Uri(client.BaseAddress!, pathBase.Length == 0 ? "/" : pathBase + "/");
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    /// <summary>How many events the tenant has stored: what "nothing was stored" is checked against.</summary>
    public async Task<int> StoredEventCountAsync(string tenant = SiteTenant.DefaultName)
    {
        await using var scope = await TenantScopeAsync(tenant);
        var db = scope.ServiceProvider.GetRequiredService<Comerix.Crm.Data.CrmDbContext>();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Activities, a => a.TenantId == tenant);
    }

    /// <summary>The loopback address the site listens on, after <c>UseKestrel</c> and <c>StartServer</c>.</summary>
    public string KestrelAddress() =>
        Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1");

    /// <summary>A client that keeps cookies and does not follow redirects: on the in-memory test server, unless a subclass listens on a real port.</summary>
    protected virtual HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<SiteClient> SignInAsync(string? email, string pathBase = "")
    {
        await EnsureUsersAsync();
        var client = new SiteClient(CreateBrowserLikeClient(), pathBase);
        if (email is not null)
        {
            await client.SignInAsync(email, Password);
        }
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow shutdown; the temp folder is cleaned by the OS.
            }
        }
    }
}
