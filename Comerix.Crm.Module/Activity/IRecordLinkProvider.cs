namespace Comerix.Crm.Activity;

/// <summary>
/// Activity renderer hook: a module that owns records (conversations, form submissions) tells the timeline and
/// the summary tiles where they open. URLs are app-relative ("~/admin/...").
/// </summary>
public interface IRecordLinkProvider
{
    /// <summary>Where one record opens, or null when this provider does not own the kind.</summary>
    string? GetRecordUrl(string recordKind, string recordId);

    /// <summary>Where a contact's records of this kind are listed, or null.</summary>
    string? GetContactRecordsUrl(string recordKind, long contactId);
}

/// <summary>Asks every registered provider; the first answer wins.</summary>
internal sealed class RecordLinks(IEnumerable<IRecordLinkProvider> providers)
{
    public string? RecordUrl(string? kind, string? id) =>
        kind is null || id is null ? null : providers.Select(p => p.GetRecordUrl(kind, id)).FirstOrDefault(u => u is not null);

    public string? ContactRecordsUrl(string kind, long contactId) =>
        providers.Select(p => p.GetContactRecordsUrl(kind, contactId)).FirstOrDefault(u => u is not null);
}
