using System.Text.Json;
using Comerix.Crm.Recipes;
using Comerix.Crm.Security;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Recipes;

/// <summary>
/// <c>{ "name": "roles", "roles": [{ "name": "Manager", "permissions": ["comerix.crm.view", …] }] }</c>.
/// Creates missing roles and sets each listed role's grants to exactly its list.
/// </summary>
internal sealed class RolesStep(SiteDbContext db, RoleManager<SiteRole> roles, RoleGrants grants, IEnumerable<IPermissionProvider> providers)
    : IRecipeStepHandler
{
    public string StepName => "roles";

    public IEnumerable<string> Validate(JsonElement step)
    {
        if (!step.TryGetProperty("roles", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            yield return "\"roles\" must be an array of { name, permissions }";
            yield break;
        }
        var known = providers.SelectMany(p => p.GetPermissions()).Select(p => p.Name).ToHashSet();
        var i = 0;
        foreach (var role in list.EnumerateArray())
        {
            if (role.ValueKind != JsonValueKind.Object || !role.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(name.GetString()))
            {
                yield return $"roles[{i}] needs a \"name\"";
            }
            else if (JsonStep.Strings(role, "permissions") is not { } permissions)
            {
                yield return $"roles[{i}] needs a \"permissions\" array";
            }
            else
            {
                foreach (var unknown in permissions.Where(p => !known.Contains(p)))
                {
                    yield return $"roles[{i}]: unknown permission \"{unknown}\"";
                }
            }
            i++;
        }
    }

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        foreach (var role in context.Step.GetProperty("roles").EnumerateArray())
        {
            var name = role.GetProperty("name").GetString()!.Trim();
            var wanted = JsonStep.Strings(role, "permissions")!.ToHashSet();
            if (await roles.FindByNameAsync(name) is null)
            {
                var created = await roles.CreateAsync(new SiteRole { Name = name, TenantId = context.TenantId });
                if (!created.Succeeded)
                {
                    throw new RecipeException([$"role \"{name}\": {string.Join(" ", created.Errors.Select(e => e.Description))}"]);
                }
            }
            // Role grants have no query filter (see SiteDbContext): the tenant is named here.
            var current = await db.RolePermissions.Where(p => p.TenantId == context.TenantId && p.RoleName == name).ToListAsync(cancellationToken);
            db.RolePermissions.RemoveRange(current.Where(p => !wanted.Contains(p.Permission)));
            db.RolePermissions.AddRange(wanted.Except(current.Select(p => p.Permission))
                .Select(p => new RolePermission { TenantId = context.TenantId, RoleName = name, Permission = p }));
            await db.SaveChangesAsync(cancellationToken);
            context.Log($"  role {name}: {string.Join(", ", wanted.Order())}");
        }
        grants.Invalidate(context.TenantId);
    }
}
