using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;

namespace Comerix.Crm.Contacts.Work;

/// <summary>A contact's stage and owner as the profile and the API show them, with the choices the profile offers.</summary>
/// <param name="StageKey">The stage the contact is at (its key), or null.</param>
/// <param name="Stage">That stage as the tenant's list names it; null also for a stage deleted from the list meanwhile.</param>
internal sealed record ContactWorkState(string? StageKey, StageChoice? Stage, string? Owner, IReadOnlyList<StageChoice> Stages, IReadOnlyList<string> Members)
{
    /// <summary>How the stage reads: its label, or the key of a stage no longer in the list.</summary>
    public string? StageLabel => Stage?.Label ?? StageKey;
}

internal sealed class ContactWorkReader(CrmDbContext db, LifecycleStages stages, ContactOwners owners)
{
    public async Task<ContactWorkState> ReadAsync(string tenantId, long contactId, CancellationToken cancellationToken = default)
    {
        var (stageKey, owner) = await db.InTenant(tenantId).WorkOfAsync(contactId, cancellationToken);
        var all = await stages.ListAsync(tenantId, cancellationToken);
        return new ContactWorkState(stageKey, all.FirstOrDefault(s => s.Key == stageKey), owner, all, await owners.AssignableAsync(tenantId, cancellationToken));
    }
}
