using System.CommandLine;
using Comerix.SiteHost.Security;

namespace Comerix.SiteHost.Commands;

/// <summary><c>user create --email E --password P --role R [--tenant T]</c>, <c>user delete --email E [--tenant T]</c>.</summary>
public sealed partial class SiteCommandLine
{
    private static readonly Option<string> Email = new("--email") { Description = "The user's email, which they sign in with.", HelpName = "E", Required = true };

    private static readonly Option<string> Password = new("--password")
    {
        Description = "At least 10 characters, with an upper-case letter, a lower-case letter and a digit.",
        HelpName = "P",
        Required = true,
    };

    private static readonly Option<string> Role = new("--role") { Description = "A role of the tenant: Administrator, Manager, Viewer, or one a recipe made.", HelpName = "R", Required = true };

    private static Command UserCommand() => new("user", "The people who sign in to the admin.")
    {
        WithAction(new Command("create", "Create a user with a role in a tenant.") { Email, Password, Role, Tenant }, CreateUserAsync),
        WithAction(new Command("delete", "Delete a user from a tenant; the contacts they owned are released.") { Email, Tenant }, DeleteUserAsync),
    };

    private static async Task<int> DeleteUserAsync(CommandContext command)
    {
        var email = command.Required(Email);
        await using var scope = await command.TenantScopeAsync();
        var (problem, released) = await scope.ServiceProvider.GetRequiredService<UserAccounts>().DeleteAsync(scope.Tenant, email);
        if (problem is not null)
        {
            command.Error.WriteLine("The user was not deleted: " + problem);
            return 1;
        }
        command.Output.WriteLine($"User {email} deleted from tenant {scope.Tenant}." + released switch
        {
            0 => "",
            1 => " 1 contact they owned is unassigned now.",
            _ => $" {released:N0} contacts they owned are unassigned now.",
        });
        return 0;
    }

    private static async Task<int> CreateUserAsync(CommandContext command)
    {
        var email = command.Required(Email);
        var password = command.Required(Password);
        var role = command.Required(Role);
        await using var scope = await command.TenantScopeAsync();
        var problems = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(scope.Tenant, email, password, role);
        if (problems.Count > 0)
        {
            command.Error.WriteLine("The user was not created:");
            foreach (var problem in problems)
            {
                command.Error.WriteLine("  " + problem);
            }
            return 1;
        }
        command.Output.WriteLine($"User {email} created in tenant {scope.Tenant} with role {role}.");
        return 0;
    }
}
