using Comerix.Crm.Data;
using Comerix.Crm.Recipes;
using Comerix.SiteHost.Security;
using Comerix.SiteHost.Tenancy;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Data;

/// <summary>
/// Brings the site up: migrates both schemas, runs the CRM's one-time data steps (the phone re-key, protecting webhook
/// secrets stored before they were), and on an empty database creates the default tenant and applies the default
/// recipe. The server runs it before it listens; every command runs it first too.
/// </summary>
public sealed class SiteSetup(IServiceProvider services, CrmDatabase crm, CrmDataSteps dataSteps, TenantRegistry registry, ILogger<SiteSetup> logger)
{
    public static string RecipesDirectory => Path.Combine(AppContext.BaseDirectory, "recipes");

    public static string DefaultRecipePath => Path.Combine(RecipesDirectory, "default.recipe.json");

    /// <summary>
    /// One process at a time (<see cref="CrmDatabase.LockSiteAsync"/>): site processes started together on one database
    /// would otherwise each create the default tenant, or each make a first data-protection key that the others,
    /// having read the key ring already, would not know for a day.
    /// </summary>
    /// <returns>True when this call set up a fresh site.</returns>
    public async Task<bool> EnsureReadyAsync(CancellationToken cancellationToken = default)
    {
        await using var exclusive = await crm.LockSiteAsync("setup", cancellationToken);
        var fresh = await MigrateAndCreateDefaultTenantAsync(cancellationToken);
        try
        {
            // Read (or made) now, under the lock: the key ring's first key is made once, by whoever comes first.
            services.GetRequiredService<IDataProtectionProvider>().CreateProtector(nameof(SiteSetup)).Protect([]);
        }
        catch (CryptographicException e) when (e.InnerException is AuthenticationTagMismatchException)
        {
            // A process with another audit key would write an audit chain that does not verify: it does not start.
            throw new Commands.StartupSettings.SettingException(e.Message);
        }
        return fresh;
    }

    private async Task<bool> MigrateAndCreateDefaultTenantAsync(CancellationToken cancellationToken)
    {
        await crm.MigrateAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        await dataSteps.RunAsync(cancellationToken);
        if (await db.Tenants.AnyAsync(cancellationToken))
        {
            return false;
        }
        await CreateTenantAsync(SiteTenant.DefaultName, urlPrefix: null, hostName: null, DefaultRecipePath, cancellationToken);
        return true;
    }

    /// <summary>Creates a tenant and applies its recipe in the tenant's own scope. Validates before writing anything.</summary>
    public async Task CreateTenantAsync(string name, string? urlPrefix, string? hostName, string recipePath, CancellationToken cancellationToken = default)
    {
        var recipe = await File.ReadAllTextAsync(recipePath, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SiteDbContext>();
        var tenant = new SiteTenant { Name = name, UrlPrefix = urlPrefix, HostName = hostName, CreatedAt = DateTime.UtcNow };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(cancellationToken);
        registry.Invalidate();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
        try
        {
            await scope.ServiceProvider.GetRequiredService<RecipeExecutor>()
                .ExecuteAsync(name, recipe, line => SiteLog.RecipeLine(logger, line), cancellationToken);
        }
        catch (RecipeException)
        {
            // A tenant whose recipe is invalid would be half set up: take it away again.
            db.Tenants.Remove(tenant);
            await db.SaveChangesAsync(cancellationToken);
            registry.Invalidate();
            throw;
        }
    }
}

/// <summary>Runs <see cref="SiteSetup"/> before the server listens and says how to create the first administrator.</summary>
internal sealed class SiteSetupHostedService(SiteSetup setup, AdministratorBootstrap bootstrap, IHostApplicationLifetime lifetime) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await setup.EnsureReadyAsync(cancellationToken);
        if (await bootstrap.EnsureAdministratorAsync(cancellationToken) is { } notice)
        {
            // Said once the server listens, after its "Now listening on" lines, where someone starting it looks;
            // said earlier it scrolls away among the migration and recipe lines.
            lifetime.ApplicationStarted.Register(() => bootstrap.Report(notice));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
