using Comerix.Crm.Contacts.Work;
using Comerix.Crm.Security;
using Comerix.SiteHost.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Security;

/// <summary>
/// The tenant's users who can view customers (a role of theirs holds the view permission or one implying it): the
/// people contacts can be assigned to.
/// </summary>
internal sealed class SiteTeam(SiteDbContext db, RoleGrants grants) : ICrmTeam
{
    public async Task<IReadOnlyList<CrmTeamMember>> MembersAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        if (tenantId != db.TenantId)
        {
            throw new InvalidOperationException($"The site's team is read for the request's tenant ({db.TenantId}), not {tenantId}.");
        }
        var viewing = CrmPermissions.View.WithImplyingPermissions().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var roles = (await grants.GetAsync(db)).Where(g => viewing.Contains(g.Permission)).Select(g => g.Role).Distinct().ToList();
        // Users and roles are filtered to the tenant; the join table between them is reached only through them.
        var names = await (
            from user in db.Users
            join membership in db.UserRoles on user.Id equals membership.UserId
            join role in db.Roles on membership.RoleId equals role.Id
            where roles.Contains(role.Name!)
            select user.UserName!).Distinct().ToListAsync(cancellationToken);
        return names.Order(StringComparer.OrdinalIgnoreCase).Select(n => new CrmTeamMember(n)).ToList();
    }
}
