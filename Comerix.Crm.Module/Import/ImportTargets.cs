using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Work;

namespace Comerix.Crm.Import;

/// <summary>
/// What a file's cells can name beyond the standard columns, read once per slice of rows: the contact fields (by key),
/// the lifecycle stages and the team members contacts can be assigned to. A field or stage deleted, or a user removed,
/// during a long import fails the later rows' cells by name.
/// </summary>
internal sealed record ImportTargets(IReadOnlyDictionary<string, CustomField> Fields, IReadOnlyList<StageChoice> Stages, IReadOnlyList<string> Members)
{
    public static ImportTargets None { get; } = new(new Dictionary<string, CustomField>(), [], []);

    public static async Task<ImportTargets> LoadAsync(
        Contacts.Fields.CustomFieldDefinitions fields, LifecycleStages stages, ContactOwners owners, string tenantId, CancellationToken cancellationToken) =>
        new(await fields.ByKeyAsync(tenantId, cancellationToken), await stages.ListAsync(tenantId, cancellationToken),
            await owners.AssignableAsync(tenantId, cancellationToken));
}
