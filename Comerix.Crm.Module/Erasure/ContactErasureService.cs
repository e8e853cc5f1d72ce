using System.Text.Json;
using Comerix.Crm.Audit;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Identity.Resolution;
using Comerix.Crm.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Erasure;

/// <summary>
/// Delete &amp; forget (GDPR erasure). The confirmation is checked here, not only in the page, so no caller can skip it.
/// Order matters: the registered erasers run first (they need the identifiers and record ids to find their PII),
/// then the contact's rows go in one transaction with the audit entry, which records counts only.
/// </summary>
public sealed class ContactErasureService(
    CrmDbContext db, ContactFootprintReader footprints, IdentityEngine engine, IEnumerable<IPersonalDataEraser> erasers, CrmDatabase database)
{
    public async Task<ErasureResult> EraseAsync(
        string tenantId, long contactId, string? confirmation, string actor, CancellationToken cancellationToken = default)
    {
        var footprint = await footprints.ReadAsync(tenantId, contactId, cancellationToken);
        if (footprint is null)
        {
            return new ErasureResult(ErasureOutcome.NotFound);
        }
        if (!ErasureConfirmation.IsConfirmedBy(footprint, confirmation))
        {
            return new ErasureResult(ErasureOutcome.NotConfirmed);
        }

        var records = await db.ContactLinks.AsNoTracking()
            .Where(l => l.TenantId == tenantId && l.ContactId == contactId)
            .Select(l => new SourceRecordRef(l.RecordKind, l.RecordId)).ToListAsync(cancellationToken);
        var subject = new PersonalDataSubject(tenantId, contactId,
            footprint.Identifiers.Select(i => new SubjectIdentifier(i.Type, i.Value)).ToList(), records);
        var erasedAtSource = new List<ErasedRecords>();
        foreach (var eraser in erasers)
        {
            erasedAtSource.AddRange(await eraser.EraseAsync(subject, cancellationToken));
        }

        await engine.RunAsync(tenantId, async uow =>
        {
            var rows = await uow.EraseContactAsync(contactId);
            var json = JsonSerializer.Serialize(new
            {
                contactId,
                identifiers = rows.Identifiers,
                activities = rows.Activities,
                linkedRecords = rows.Links,
                mergedAway = rows.MergedAway,
                reviews = rows.Reviews,
                erasedAtSource = erasedAtSource.GroupBy(e => e.What).ToDictionary(g => g.Key, g => g.Sum(e => e.Count)),
            });
            await uow.AppendAuditAsync(actor, AuditActions.ContactErased, json);
            return rows;
        }, cancellationToken);
        await database.ScrubAfterErasureAsync(CrmDatabase.PersonalDataTables, cancellationToken);
        return new ErasureResult(ErasureOutcome.Erased);
    }
}
