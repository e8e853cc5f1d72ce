namespace Comerix.Crm.Contacts.Work;

/// <summary>
/// The site's users who may own contacts: those who can view customers in the tenant. The host that holds the user
/// accounts provides it (in Orchard Core, the Users module); a host without one offers nobody to reassign to, and
/// people can still claim contacts for themselves.
/// </summary>
public interface ICrmTeam
{
    /// <summary>The tenant's users who hold the view permission, by sign-in name.</summary>
    Task<IReadOnlyList<CrmTeamMember>> MembersAsync(string tenantId, CancellationToken cancellationToken = default);
}

/// <param name="UserName">What the user signs in with (and <c>User.Identity.Name</c> says): what a contact's owner names.</param>
public sealed record CrmTeamMember(string UserName);

/// <summary>What the site tells the module when a user leaves: their contacts are released (each a timeline row).</summary>
public interface ICrmTeamChanges
{
    /// <returns>How many contacts were released.</returns>
    Task<int> MemberRemovedAsync(string tenantId, string userName, CancellationToken cancellationToken = default);
}

/// <summary>The team of a host without user accounts: nobody to reassign to.</summary>
internal sealed class NoTeam : ICrmTeam
{
    public Task<IReadOnlyList<CrmTeamMember>> MembersAsync(string tenantId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CrmTeamMember>>([]);
}
