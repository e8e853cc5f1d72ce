namespace Comerix.Crm.Import;

/// <summary>
/// One CSV import: the uploaded file, how its columns map to contact fields, and, once started, its progress.
/// The file's text is personal data: it is kept only until the import has run (or is discarded, or expires
/// unstarted), so a later Delete &amp; forget finds nothing of the person here. The report keeps each listed row's
/// cells for a day after the import (and a Delete &amp; forget takes a person's out at once); its row numbers and
/// reasons name no one and stay.
/// </summary>
internal sealed class ImportJob
{
    public required string TenantId { get; set; }
    public required string Id { get; set; }
    public required string FileName { get; set; }
    public ImportStatus Status { get; set; } = ImportStatus.Uploaded;
    /// <summary>The file's text, until the import has run.</summary>
    public string? Content { get; set; }
    /// <summary>The header row, as a JSON array of column names.</summary>
    public required string HeaderJson { get; set; }
    /// <summary>One field per column (see <see cref="ImportFields"/>), as a JSON array.</summary>
    public required string MappingJson { get; set; }
    public int TotalRows { get; set; }
    public int Processed { get; set; }
    public int Created { get; set; }
    public int Attached { get; set; }
    public int Merged { get; set; }
    public int QueuedForReview { get; set; }
    public int AlreadyImported { get; set; }
    public int Failed { get; set; }
    /// <summary>
    /// The report: rows not imported or imported without a value, as JSON <c>[{"Row":3,"Reason":"…","Cells":[…]}]</c>
    /// (see <see cref="ImportError"/>); "Cells" is gone once the report's cells expire or are erased.
    /// </summary>
    public string ErrorsJson { get; set; } = "[]";
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}
