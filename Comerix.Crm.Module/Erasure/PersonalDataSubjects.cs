using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Erasure;

/// <summary>The subject erasers and exporters are handed: the same for Delete &amp; forget and for an export.</summary>
internal static class PersonalDataSubjects
{
    public static async Task<PersonalDataSubject> ReadAsync(CrmDbContext db, ContactFootprint footprint, CancellationToken cancellationToken)
    {
        var (tenantId, contactId) = (footprint.Contact.TenantId, footprint.Contact.Id);
        var records = await db.InTenant(tenantId).ContactLinks.AsNoTracking()
            .Where(l => l.ContactId == contactId)
            .Select(l => new SourceRecordRef(l.RecordKind, l.RecordId)).ToListAsync(cancellationToken);
        return new PersonalDataSubject(tenantId, contactId,
            footprint.Identifiers.Select(i => new SubjectIdentifier(i.Type, i.Value)).ToList(), records);
    }
}
