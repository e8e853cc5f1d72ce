using Comerix.SiteHost.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace Comerix.SiteHost.Security;

/// <summary>
/// The first administrator of the default tenant: created from COMERIX_ADMIN_EMAIL / COMERIX_ADMIN_PASSWORD when
/// set, otherwise the log says which command creates one.
/// </summary>
public sealed class AdministratorBootstrap(IServiceProvider services, TenantRegistry registry, IConfiguration configuration, ILogger<AdministratorBootstrap> logger)
{
    public async Task EnsureAdministratorAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var tenant = await registry.FindAsync(SiteTenant.DefaultName);
        if (tenant is null)
        {
            return;
        }
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SiteUser>>();
        if (users.Users.Any())
        {
            return;
        }
        var email = configuration["COMERIX_ADMIN_EMAIL"];
        var password = configuration["COMERIX_ADMIN_PASSWORD"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            logger.LogWarning(
                "No user can sign in yet. Create an administrator with:{NewLine}  dotnet run --project SiteHost -- user create --email you@example.com --password '<password>' --role Administrator",
                Environment.NewLine);
            return;
        }
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var errors = await accounts.CreateAsync(SiteTenant.DefaultName, email, password, "Administrator");
        if (errors.Count > 0)
        {
            logger.LogError("COMERIX_ADMIN_EMAIL / COMERIX_ADMIN_PASSWORD did not create an administrator: {Errors}", string.Join(" ", errors));
        }
        else
        {
            logger.LogInformation("Administrator {Email} created.", email);
        }
    }
}
