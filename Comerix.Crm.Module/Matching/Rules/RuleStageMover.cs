using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Contacts.Work;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Matching.Rules;

/// <summary>
/// Moves contacts to the stage an identity rule's "set lifecycle stage" task names, once the engine has said who each
/// event's contact is. Forward only: a contact at that stage or a later one stays where it is, so a repeat purchase
/// never turns an Evangelist back into a Customer. A stage deleted since the rule was written moves nobody.
/// </summary>
internal sealed class RuleStageMover(CrmDbContext db, LifecycleStages stages, ContactStageSetter setter)
{
    public async Task MoveAsync(string tenantId, IReadOnlyList<(long ContactId, RuleStage Stage)> moves, CancellationToken cancellationToken = default)
    {
        if (moves.Count == 0)
        {
            return;
        }
        var order = (await stages.ListAsync(tenantId, cancellationToken)).Select((s, i) => (s.Key, i)).ToDictionary(p => p.Key, p => p.i);
        foreach (var group in moves.GroupBy(m => m.Stage))
        {
            if (!order.TryGetValue(group.Key.Key, out var target))
            {
                continue;
            }
            var (live, _) = await LiveContacts.ResolveAsync(db.InTenant(tenantId), group.Select(m => m.ContactId).ToList(), cancellationToken);
            var current = await db.Contacts.AsNoTracking().Where(c => live.Contains(c.Id))
                .Select(c => new { c.Id, Stage = EF.Property<string?>(c, ContactColumns.Stage) }).ToListAsync(cancellationToken);
            var behind = current.Where(c => c.Stage is null || !order.TryGetValue(c.Stage, out var at) || at < target).Select(c => c.Id).ToList();
            // The timeline names the rule; no audit entry per event (the rule's own creation and edits are audited).
            await setter.SetAsync(tenantId, behind, group.Key.Key, $"rule \u201C{group.Key.RuleName}\u201D", chosenBy: null, cancellationToken: cancellationToken);
        }
    }
}
