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
        var email = configuration["COMERIX_ADMIN_EMAIL"];
        var password = configuration["COMERIX_ADMIN_PASSWORD"];
        if (users.Users.Any())
        {
            var existing = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email);
            // The same account with the same password (the README's command run again): already in effect, nothing to say.
            if (existing is null || string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(existing, password))
            {
                NoteNotApplied(email, password, existing is not null);
            }
            return null;
        }
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
        SiteLog.AdministratorCreated(logger, email);
        return null;
    }

    /// <summary>
    /// The variables only set up the first administrator of an empty site. Set on a site that has users, they change
    /// nothing; said once at start-up, so a changed email or password is not believed to have taken effect.
    /// </summary>
    private void NoteNotApplied(string? email, string? password, bool exists)
    {
        if (string.IsNullOrWhiteSpace(email) && string.IsNullOrEmpty(password))
        {
            return;
        }
        if (exists)
        {
            SiteLog.AdministratorExists(logger, email);
        }
        else
        {
            SiteLog.AdministratorVariablesIgnored(logger, Environment.NewLine, Commands.SiteCommandText.For(services, $"user create --email {Commands.SiteCommandText.Quote(string.IsNullOrWhiteSpace(email) ? "you@example.com" : email)} --password '<password>' --role Administrator"));
        }
    }

    /// <summary>Logged as an error: a site nobody can sign in to is not ready, whatever /health says.</summary>
    public void Report(string notice) => SiteLog.NobodyCanSignIn(logger, notice);

    /// <summary>The rules, and a command that runs as printed: on the site's own data (never its connection string, which may hold a password).</summary>
    private string HowToCreate(string email) =>
        PasswordRules.Describe(identity.Value.Password) + " Create an administrator with:" + Environment.NewLine
            + "  " + Commands.SiteCommandText.For(services, $"user create --email {Commands.SiteCommandText.Quote(email)} --password '<password>' --role Administrator");
}
