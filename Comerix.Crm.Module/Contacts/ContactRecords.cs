using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts;

/// <summary>
/// Which of a host's own records (a chat transcript, a form submission, an order) belong to which contact: the
/// ContactLink edges events leave (<see cref="Ingestion.CrmEvent"/>'s source record), followed through merges. A host
/// page that lists its records asks this, never the CRM's tables.
/// </summary>
public interface IContactRecords
{
    /// <summary>The contact a record belongs to; null when no event named it.</summary>
    Task<long?> ContactOfAsync(string tenantId, string recordKind, string recordId, CancellationToken cancellationToken = default);

    /// <summary>The ids of a contact's records of one kind.</summary>
    Task<IReadOnlyList<string>> RecordsOfAsync(string tenantId, long contactId, string recordKind, CancellationToken cancellationToken = default);
}

internal sealed class ContactRecords(CrmDatabase database) : IContactRecords
{
    public async Task<long?> ContactOfAsync(string tenantId, string recordKind, string recordId, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateDbContext(tenantId);
        return await db.ContactLinks.AsNoTracking()
            .Where(l => l.RecordKind == recordKind && l.RecordId == recordId)
            .Select(l => (long?)l.ContactId).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> RecordsOfAsync(string tenantId, long contactId, string recordKind, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateDbContext(tenantId);
        return await db.ContactLinks.AsNoTracking()
            .Where(l => l.ContactId == contactId && l.RecordKind == recordKind)
            .Select(l => l.RecordId).ToListAsync(cancellationToken);
    }
}
