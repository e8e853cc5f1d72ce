using Comerix.SiteHost.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Comerix.SiteHost.Security;

/// <summary>
/// The first administrator of the default tenant: created from COMERIX_ADMIN_EMAIL / COMERIX_ADMIN_PASSWORD when
/// set. When there is still nobody who can sign in, <see cref="EnsureAdministratorAsync"/> returns what to tell the
/// operator (why, and the command that creates one), which the site says last in its start-up log.
/// </summary>
public sealed class AdministratorBootstrap(
    IServiceProvider services, TenantRegistry registry, IConfiguration configuration, IOptions<IdentityOptions> identity,
    ILogger<AdministratorBootstrap> logger)
{
    /// <returns>Null when the tenant has a user (or no tenant exists); else the notice, not yet logged.</returns>
    public async Task<string?> EnsureAdministratorAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var tenant = await registry.FindAsync(SiteTenant.DefaultName);
        if (tenant is null)
        {
            return null;
        }
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SiteUser>>();
        if (users.Users.Any())
        {
            return null;
        }
        var email = configuration["COMERIX_ADMIN_EMAIL"];
        var password = configuration["COMERIX_ADMIN_PASSWORD"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return "No user can sign in yet. " + HowToCreate("you@example.com");
        }
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var errors = await accounts.CreateAsync(SiteTenant.DefaultName, email, password, "Administrator");
        if (errors.Count > 0)
        {
            return $"COMERIX_ADMIN_EMAIL / COMERIX_ADMIN_PASSWORD did not create an administrator, so no user can sign in: {string.Join(" ", errors)}"
                + Environment.NewLine + HowToCreate(email);
        }
        logger.LogInformation("Administrator {Email} created.", email);
        return null;
    }

    /// <summary>Logged as an error: a site nobody can sign in to is not ready, whatever /health says.</summary>
    public void Report(string notice) => logger.LogError("{Notice}", notice);

    /// <summary>The rules, and a command that runs as printed: on the site's own data (never its connection string, which may hold a password).</summary>
    private string HowToCreate(string email)
    {
        var sameData = (configuration["data-dir"] is { } directory ? $" --data-dir '{directory}'" : "")
            + (configuration["database"] is { } database ? $" --database {database}" : "")
            + (configuration["connection"] is not null ? " --connection '<the site's connection string>'" : "");
        return PasswordRules.Describe(identity.Value.Password) + " Create an administrator with:" + Environment.NewLine
            + $"  dotnet run --project SiteHost -- user create --email {email} --password '<password>' --role Administrator{sameData}";
    }
}
