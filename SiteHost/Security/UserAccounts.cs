using Comerix.SiteHost.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace Comerix.SiteHost.Security;

/// <summary>Creates a user in a tenant with one role. Used by the command line and the first-run bootstrap.</summary>
public sealed class UserAccounts(UserManager<SiteUser> users, RoleManager<SiteRole> roles, IServiceProvider services)
{
    /// <summary>
    /// Removes the user from the tenant; the contacts they owned are released (each a timeline row), so no contact
    /// is left with an owner nobody can be.
    /// </summary>
    /// <returns>The problem, if any, and how many contacts were released.</returns>
    public async Task<(string? Problem, int Released)> DeleteAsync(string tenantId, string email)
    {
        if (await users.FindByEmailAsync(email) is not { } user)
        {
            return ($"There is no user with the email {email} in tenant {tenantId}.", 0);
        }
        var deleted = await users.DeleteAsync(user);
        if (!deleted.Succeeded)
        {
            return (string.Join(" ", deleted.Errors.Select(e => e.Description)), 0);
        }
        // Read here, not taken in the constructor: creating a user (the first-run bootstrap) needs no CRM services.
        var team = services.GetRequiredService<Comerix.Crm.Contacts.Work.ICrmTeamChanges>();
        return (null, await team.MemberRemovedAsync(tenantId, user.UserName!));
    }

    /// <returns>The problems, if any; nothing is saved when there are some.</returns>
    public async Task<IReadOnlyList<string>> CreateAsync(string tenantId, string email, string password, string role)
    {
        if (await roles.FindByNameAsync(role) is null)
        {
            var known = string.Join(", ", roles.Roles.Select(r => r.Name).ToList().Order());
            return [$"There is no role \"{role}\" in tenant {tenantId}. Roles: {(known.Length == 0 ? "none (apply a recipe first)" : known)}."];
        }
        if (await users.FindByEmailAsync(email) is not null)
        {
            return [$"A user with the email {email} already exists in tenant {tenantId}."];
        }
        var user = new SiteUser { TenantId = tenantId, UserName = email, Email = email, EmailConfirmed = true };
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, password);
            if (!check.Succeeded)
            {
                return check.Errors.Select(e => e.Description).ToList();
            }
        }
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return created.Errors.Select(e => e.Description).ToList();
        }
        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user);
            return added.Errors.Select(e => e.Description).ToList();
        }
        return [];
    }
}
