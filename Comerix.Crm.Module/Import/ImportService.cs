using Comerix.Crm.Contacts;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Import;

/// <summary>
/// The steps of a CSV import a person takes in the admin: upload, map the columns (with a preview of what each row
/// becomes), start. The rows themselves are imported in the background by <see cref="ImportRunner"/>.
/// </summary>
internal sealed class ImportService(
    CrmDbContext db, ImportRowMapper mapper, ImportRunner runner, Contacts.Fields.CustomFieldDefinitions definitions,
    Contacts.Work.LifecycleStages stages, Contacts.Work.ContactOwners owners, AuditLog audit, TimeProvider time)
{
    public const int MaxFileBytes = 10 * 1024 * 1024;
    public const int MaxRows = 100_000;
    public const int PreviewRows = 10;

    public sealed record UploadResult(ImportJob? Job, string? Error);

    /// <summary>Reads and checks the file; nothing is imported yet. Errors name the problem for the person who uploaded.</summary>
    public async Task<UploadResult> UploadAsync(string tenantId, string fileName, Stream file, string actor, CancellationToken cancellationToken)
    {
        string content;
        using (var buffer = new MemoryStream())
        {
            await file.CopyToAsync(buffer, cancellationToken);
            if (buffer.Length == 0)
            {
                return new UploadResult(null, "The file is empty. Choose a CSV file with a header row and one row per person.");
            }
            if (buffer.Length > MaxFileBytes)
            {
                return new UploadResult(null, $"The file is larger than {MaxFileBytes / 1024 / 1024} MB. Split it into smaller files.");
            }
            try
            {
                content = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.ToArray());
            }
            catch (DecoderFallbackException)
            {
                return new UploadResult(null, "The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8”.");
            }
        }
        if (content.Contains('\0'))
        {
            return new UploadResult(null, "The file is not a CSV text file (it contains binary data).");
        }
        if (ImportShape.Problem(content) is { } shape)
        {
            return new UploadResult(null, shape);
        }
        var header = ImportCsv.Header(content);
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            return new UploadResult(null, "The first row must name the columns (for example: name, email, phone, company).");
        }
        if (ImportShape.HeaderProblem(header) is { } headerProblem)
        {
            return new UploadResult(null, headerProblem);
        }
        var rows = ImportCsv.DataRows(content).Take(MaxRows + 1).Count();
        if (rows == 0)
        {
            return new UploadResult(null, "The file has a header row but no people under it.");
        }
        if (rows > MaxRows)
        {
            return new UploadResult(null, $"The file has more than {MaxRows:N0} rows. Split it into smaller files.");
        }
        var fields = await definitions.ListAsync(tenantId, cancellationToken);
        var job = new ImportJob
        {
            TenantId = tenantId,
            Id = Guid.NewGuid().ToString("N"),
            FileName = Path.GetFileName(fileName).Trim() is { Length: > 0 } name ? name[..Math.Min(name.Length, 200)] : "upload.csv",
            Content = content,
            HeaderJson = JsonSerializer.Serialize(header),
            MappingJson = JsonSerializer.Serialize(header.Select(h => ImportFields.Guess(h, fields)).ToList()),
            TotalRows = rows,
            CreatedBy = actor,
            CreatedAt = Now(),
        };
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        return new UploadResult(job, null);
    }

    public Task<ImportJob?> FindAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        db.InTenant(tenantId).ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);

    public Task<List<ImportJob>> RecentAsync(string tenantId, CancellationToken cancellationToken) =>
        db.InTenant(tenantId).ImportJobs.AsNoTracking()
            .OrderByDescending(j => j.CreatedAt).Take(20).ToListAsync(cancellationToken);

    public static IReadOnlyList<string> Header(ImportJob job) => JsonSerializer.Deserialize<List<string>>(job.HeaderJson)!;

    public static IReadOnlyList<string> Mapping(ImportJob job) => JsonSerializer.Deserialize<List<string>>(job.MappingJson)!;

    public static IReadOnlyList<ImportError> Errors(ImportJob job) => JsonSerializer.Deserialize<List<ImportError>>(job.ErrorsJson)!;

    /// <summary>The site's contact fields, stages and team: what cells can name besides the standard columns.</summary>
    public Task<ImportTargets> TargetsAsync(string tenantId, CancellationToken cancellationToken) =>
        ImportTargets.LoadAsync(definitions, stages, owners, tenantId, cancellationToken);

    /// <summary>The first rows as the mapping would import them.</summary>
    public IReadOnlyList<ImportRow> Preview(ImportJob job, IReadOnlyList<string> mapping, ImportTargets targets) =>
        job.Content is null
            ? []
            : ImportCsv.DataRows(job.Content).Take(PreviewRows)
                .Select(r => mapper.Map(job, Header(job), mapping, r.Row, r.Values, time.GetUtcNow(), targets)).ToList();

    /// <summary>How many rows go in with this mapping: the rows whose preview shows no problem (the "Import N rows" button).</summary>
    public int Importable(ImportJob job, IReadOnlyList<string> mapping, ImportTargets targets)
    {
        if (job.Content is null)
        {
            return 0;
        }
        var header = Header(job);
        var at = time.GetUtcNow();
        return ImportCsv.DataRows(job.Content).Count(r => mapper.Map(job, header, mapping, r.Row, r.Values, at, targets).Event is not null);
    }

    /// <summary>Checks a mapping from the form: one known field per column, and something to know people by.</summary>
    public static string? CheckMapping(ImportJob job, IReadOnlyList<string> mapping)
    {
        if (mapping.Count != Header(job).Count || !mapping.All(ImportFields.IsKnown))
        {
            return "Choose what each column becomes.";
        }
        return mapping.Any(f => f is ImportFields.Email or ImportFields.Phone or ImportFields.CustomerId or ImportFields.ExternalRef)
            ? null
            : "Map at least one column to Email, Phone, Customer id or External reference: it is how each person is recognised.";
    }

    /// <summary>Saves the mapping of a job still being mapped; false when it has started meanwhile (or is gone).</summary>
    public async Task<bool> SaveMappingAsync(string tenantId, string id, IReadOnlyList<string> mapping, CancellationToken cancellationToken) =>
        await db.InTenant(tenantId).ImportJobs
            .Where(j => j.Id == id && j.Status == ImportStatus.Uploaded)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.MappingJson, JsonSerializer.Serialize(mapping)), cancellationToken) == 1;

    /// <summary>Hands the job to the background runner. Only an uploaded job starts, once.</summary>
    public async Task<bool> StartAsync(string tenantId, string id, IReadOnlyList<string> mapping, string actor, CancellationToken cancellationToken)
    {
        var started = await db.InTenant(tenantId).ImportJobs
            .Where(j => j.Id == id && j.Status == ImportStatus.Uploaded)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.MappingJson, JsonSerializer.Serialize(mapping))
                .SetProperty(j => j.Status, ImportStatus.Running)
                .SetProperty(j => j.StartedAt, Now()), cancellationToken) == 1;
        if (started)
        {
            await audit.AppendAsync(tenantId, actor, AuditActions.ImportStarted, new { importId = id }, cancellationToken);
            runner.Wake();
        }
        return started;
    }

    /// <summary>Drops a job that has not started, and the file with it.</summary>
    public async Task<bool> DiscardAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await db.InTenant(tenantId).ImportJobs
            .Where(j => j.Id == id && j.Status == ImportStatus.Uploaded)
            .ExecuteDeleteAsync(cancellationToken) == 1;

    private DateTime Now() => Resolution.Timestamps.Normalize(time.GetUtcNow());
}

/// <summary>
/// A row of the import's report: one that could not be imported, or (<paramref name="Imported"/>) one imported without a
/// value it held; its number in the file, why, and its cells as they were, so it can be fixed and imported again. The
/// cells are personal data: they are dropped <see cref="ImportRunner.ReportCellsLifetime"/> after the import finished,
/// and by a Delete &amp; forget of the person (<see cref="ImportReportEraser"/>); the row number and reason stay.
/// </summary>
internal sealed record ImportError(
    int Row,
    string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Cells = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Imported = false);
