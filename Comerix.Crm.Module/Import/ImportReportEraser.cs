using System.Text.Json;
using Comerix.Crm.Data;
using Comerix.Crm.Erasure;
using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Import;

/// <summary>Where an import's report keeps the cells of its rows (see <see cref="ImportError"/>).</summary>
internal static class ImportReportCells
{
    /// <summary>Present in <see cref="ImportJob.ErrorsJson"/> only while some row still has its cells.</summary>
    public const string Marker = "\"Cells\":";
}

/// <summary>
/// Delete &amp; forget reaches the cells an import's report keeps: those of every row that came in as the person (its
/// event is on the contact, merges included), and of any row holding one of the person's emails, phones or other
/// identifiers. The row number and the reason stay; they name no one.
/// </summary>
internal sealed class ImportReportEraser(CrmDbContext db, IdentityResolutionOptions options) : IPersonalDataEraser, IPersonalDataExporter
{
    private const string EventPrefix = "import:";

    public async Task<IReadOnlyList<ErasedRecords>> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var erased = 0;
        foreach (var (job, errors, rows) in await FindAsync(subject, tracked: true, cancellationToken))
        {
            foreach (var i in rows)
            {
                errors[i] = errors[i] with { Cells = null };
                erased++;
            }
            job.ErrorsJson = JsonSerializer.Serialize(errors);
        }
        await db.SaveChangesAsync(cancellationToken);
        return [new("import report rows", erased)];
    }

    /// <summary>The same rows the erasure would clear, with their cells: the file name, row number, reason and cells.</summary>
    public async Task<IReadOnlyList<ExportedRecords>> ExportAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var found = await FindAsync(subject, tracked: false, cancellationToken);
        return [ExportedRecords.Of("import report rows", found.SelectMany(f => f.Rows.Select(i =>
            new { import = f.Job.Id, file = f.Job.FileName, row = f.Errors[i].Row, reason = f.Errors[i].Reason, cells = f.Errors[i].Cells })))];
    }

    /// <summary>Each report still holding cells, its rows, and which of them are the person's (by index).</summary>
    private async Task<List<(ImportJob Job, List<ImportError> Errors, List<int> Rows)>> FindAsync(
        PersonalDataSubject subject, bool tracked, CancellationToken cancellationToken)
    {
        var query = db.InTenant(subject.TenantId).ImportJobs.Where(j => j.ErrorsJson.Contains(ImportReportCells.Marker));
        var jobs = await (tracked ? query : query.AsNoTracking()).ToListAsync(cancellationToken);
        if (jobs.Count == 0)
        {
            return [];
        }
        var eventIds = await db.Activities.AsNoTracking()
            .Where(a => a.ContactId == subject.ContactId && a.EventId.StartsWith(EventPrefix))
            .Select(a => a.EventId).ToListAsync(cancellationToken);
        var rows = eventIds.ToHashSet(StringComparer.Ordinal);
        var normalizer = new IdentifierNormalizer(options.DefaultPhoneRegion, options.ExtraJunkValues);
        return jobs.Select(job =>
        {
            var errors = ImportService.Errors(job).ToList();
            var theirs = Enumerable.Range(0, errors.Count).Where(i => errors[i].Cells is { } cells
                && (rows.Contains($"{EventPrefix}{job.Id}:{errors[i].Row}") || cells.Any(c => Names(normalizer, subject, c)))).ToList();
            return (job, errors, theirs);
        }).ToList();
    }

    /// <summary>A cell holds one of the person's identifiers, compared as the engine compares them.</summary>
    private static bool Names(IdentifierNormalizer normalizer, PersonalDataSubject subject, string cell)
    {
        var value = cell.Trim().TrimStart('\'');
        return value.Length > 0 && subject.Identifiers.Any(i =>
            string.Equals(i.Value, value, StringComparison.OrdinalIgnoreCase)
            || (normalizer.TryNormalize(new IdentityClaim(i.Type, value), out var normalized, out _)
                && string.Equals(normalized.Value, i.Value, StringComparison.Ordinal)));
    }
}
