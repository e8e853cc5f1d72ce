using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Erasure;

/// <summary>
/// Registered by every module that holds personal data about contacts (chat transcripts, form submissions).
/// Delete &amp; forget calls each one before the contact itself is erased, so the PII goes at its source too.
/// </summary>
public interface IPersonalDataEraser
{
    Task<IReadOnlyList<ErasedRecords>> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken);
}

/// <summary>Who is being forgotten: the contact, every identifier value it holds and every record linked to it.</summary>
public sealed record PersonalDataSubject(
    string TenantId, long ContactId, IReadOnlyList<SubjectIdentifier> Identifiers, IReadOnlyList<SourceRecordRef> Records);

public sealed record SubjectIdentifier(string Type, string Value);

/// <summary>A count for the audit log ("conversations", 3). Never a value.</summary>
public sealed record ErasedRecords(string What, int Count);
