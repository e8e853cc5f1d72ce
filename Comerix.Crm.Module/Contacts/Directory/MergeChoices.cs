using Comerix.Crm.Contacts.Fields;
using Comerix.Crm.Contacts.Work;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>
/// A field both contacts of a merge hold, with different values: the merge keeps the survivor's (today's rule) unless
/// the admin chooses the other's. Fields only one of them holds need no choice: the survivor takes what it lacks.
/// </summary>
/// <param name="Key">"name", "company", "stage", "owner" or "field:{key}": what the form's choice is named by.</param>
/// <param name="OtherValue">The other contact's value as stored (a stage's key, a field's canonical text).</param>
internal sealed record MergeDifference(string Key, string Label, string SurvivorShown, string OtherShown, string OtherValue);

/// <summary>
/// "Choose what survives a merge" (issue 20, item 3): the differences between two contacts before they are merged, and
/// the other contact's values put on the survivor afterwards where the admin chose them. Each is written as its own
/// change right after the merge (a stage or owner change is a timeline row like any), read from the contacts before
/// the merge, never from the form.
/// </summary>
internal sealed class MergeChoices(
    CrmDbContext db, ContactFieldEditor fields, LifecycleStages stages, ContactEditor editor, ContactStageSetter stageSetter, ContactOwners owners)
{
    public const string TakeOther = "other";

    public async Task<IReadOnlyList<MergeDifference>> DifferencesAsync(string tenantId, Contact survivor, Contact other, CancellationToken cancellationToken)
    {
        var found = new List<MergeDifference>();
        void Compare(string key, string label, string? kept, string? offered, Func<string, string>? show = null)
        {
            if (!string.IsNullOrEmpty(kept) && !string.IsNullOrEmpty(offered) && kept != offered)
            {
                found.Add(new MergeDifference(key, label, (show ?? (v => v))(kept), (show ?? (v => v))(offered), offered));
            }
        }
        Compare("name", "Name", survivor.DisplayName, other.DisplayName);
        Compare("company", "Company", survivor.Company, other.Company);
        var (keptStage, keptOwner) = await db.InTenant(tenantId).WorkOfAsync(survivor.Id, cancellationToken);
        var (offeredStage, offeredOwner) = await db.WorkOfAsync(other.Id, cancellationToken);
        var all = await stages.ListAsync(tenantId, cancellationToken);
        Compare("stage", "Lifecycle stage", keptStage, offeredStage, key => all.FirstOrDefault(s => s.Key == key)?.Label ?? key);
        Compare("owner", "Owner", keptOwner, offeredOwner);
        var offeredFields = (await fields.ForContactAsync(tenantId, other.Id, cancellationToken)).ToDictionary(f => f.Field.Key);
        foreach (var kept in await fields.ForContactAsync(tenantId, survivor.Id, cancellationToken))
        {
            var offered = offeredFields[kept.Field.Key];
            Compare("field:" + kept.Field.Key, kept.Field.Label, kept.Value, offered.Value, value => CustomFieldValues.Display(kept.Field, value));
        }
        return found;
    }

    /// <summary>
    /// Puts the other contact's value of each chosen difference on the survivor. Returns what could not be (an owner
    /// who has left the site since), in words; the rest is done.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(
        string tenantId, long survivorId, IReadOnlyList<MergeDifference> differences, IReadOnlySet<string> takeOther, string actor, CancellationToken cancellationToken)
    {
        var chosen = differences.Where(d => takeOther.Contains(d.Key)).ToList();
        var notDone = new List<string>();
        var name = chosen.FirstOrDefault(d => d.Key == "name");
        var company = chosen.FirstOrDefault(d => d.Key == "company");
        if (name is not null || company is not null)
        {
            var now = await db.InTenant(tenantId).Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == survivorId, cancellationToken);
            await editor.UpdateProfileAsync(tenantId, survivorId,
                new ContactProfileForm { Name = name?.OtherValue ?? now?.DisplayName, Company = company?.OtherValue ?? now?.Company }, actor, cancellationToken);
        }
        if (chosen.FirstOrDefault(d => d.Key == "stage") is { } stage)
        {
            await stageSetter.SetAsync(tenantId, [survivorId], stage.OtherValue, actor, new { merge = survivorId }, cancellationToken);
        }
        if (chosen.FirstOrDefault(d => d.Key == "owner") is { } owner
            && (await owners.ReassignAsync(tenantId, [survivorId], owner.OtherValue, actor, new { merge = survivorId }, cancellationToken)).Problem is not null)
        {
            notDone.Add($"{owner.OtherValue} cannot own contacts any more, so the owner stayed as it was");
        }
        var values = chosen.Where(d => d.Key.StartsWith("field:", StringComparison.Ordinal))
            .Select(d => (survivorId, d.Key["field:".Length..], d.OtherValue)).ToList();
        if (values.Count > 0)
        {
            await fields.SetManyAsync(tenantId, values, actor, cancellationToken);
        }
        return notDone;
    }
}
