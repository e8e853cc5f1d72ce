using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;

namespace Comerix.Crm.Contacts.Work;

/// <summary>
/// Who owns a contact: claim (the user takes it), release (nobody owns it), reassign (another team member takes it).
/// An owner is always a site user who can view customers (<see cref="ICrmTeam"/>); one who leaves the site releases
/// their contacts. Each change is a timeline row naming who made it.
/// </summary>
internal sealed class ContactOwners(CrmDbContext db, ICrmTeam team, ContactWorkChanges changes, Audit.AuditLog audit) : ICrmTeamChanges
{
    public static class Kinds
    {
        public const string Claimed = "claimed";
        public const string Released = "released";
        public const string Reassigned = "reassigned";
    }

    /// <summary>The team members contacts can be assigned to, by sign-in name.</summary>
    public async Task<IReadOnlyList<string>> AssignableAsync(string tenantId, CancellationToken cancellationToken = default) =>
        (await team.MembersAsync(tenantId, cancellationToken)).Select(m => m.UserName).Order(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The member a person or a file names (sign-in names compare without case), or null.</summary>
    public static string? Find(IReadOnlyList<string> members, string? named) =>
        members.FirstOrDefault(m => string.Equals(m, named?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The actor takes the contacts.</summary>
    public Task<OwnerSetResult> ClaimAsync(string tenantId, IReadOnlyCollection<long> contactIds, string actor, object? chosenBy, CancellationToken cancellationToken = default) =>
        SetAsync(tenantId, contactIds, actor, Kinds.Claimed, actor, chosenBy, cancellationToken);

    /// <summary>Nobody owns the contacts any more.</summary>
    public Task<OwnerSetResult> ReleaseAsync(string tenantId, IReadOnlyCollection<long> contactIds, string actor, object? chosenBy, CancellationToken cancellationToken = default) =>
        SetAsync(tenantId, contactIds, null, Kinds.Released, actor, chosenBy, cancellationToken);

    /// <summary>Gives the contacts to <paramref name="named"/>, who must be a team member; the problem in words otherwise.</summary>
    public async Task<OwnerSetResult> ReassignAsync(string tenantId, IReadOnlyCollection<long> contactIds, string? named, string actor, object? chosenBy,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(named))
        {
            return OwnerSetResult.Refused("Choose who should own them.");
        }
        var members = await AssignableAsync(tenantId, cancellationToken);
        if (Find(members, named) is not { } member)
        {
            return OwnerSetResult.Refused($"{named.Trim()} is not a user of this site who can view customers, so cannot own contacts.");
        }
        return await SetAsync(tenantId, contactIds, member, member == actor ? Kinds.Claimed : Kinds.Reassigned, actor, chosenBy, cancellationToken);
    }

    public async Task<int> MemberRemovedAsync(string tenantId, string userName, CancellationToken cancellationToken = default)
    {
        db.RequireTenant(tenantId);
        var owned = await db.LiveContactsHoldingAsync(ContactWorkColumn.Owner, userName, cancellationToken);
        var result = await SetAsync(tenantId, owned, null, Kinds.Released, "site", new { ownerRemoved = true }, cancellationToken, why: "owner left the site");
        return result.Result?.Changed ?? 0;
    }

    private async Task<OwnerSetResult> SetAsync(string tenantId, IReadOnlyCollection<long> contactIds, string? owner, string kind, string actor, object? chosenBy,
        CancellationToken cancellationToken, string? why = null)
    {
        var result = await changes.SetAsync(tenantId, contactIds, ContactWorkColumn.Owner, owner,
            before => new { from = before, to = owner, how = kind, by = actor, why }, cancellationToken: cancellationToken);
        if (result.Changed > 0 && chosenBy is not null)
        {
            await audit.AppendAsync(tenantId, actor, Audit.AuditActions.OwnerSet, new { contacts = result.Changed, how = kind, owner, chosenBy }, cancellationToken);
        }
        return new OwnerSetResult(owner, result, null);
    }
}

/// <param name="Owner">The owner set (null: released).</param>
internal sealed record OwnerSetResult(string? Owner, WorkChangeResult? Result, string? Problem)
{
    public static OwnerSetResult Refused(string problem) => new(null, null, problem);
}
