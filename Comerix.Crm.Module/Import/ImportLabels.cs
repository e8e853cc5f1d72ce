namespace Comerix.Crm.Import;

/// <summary>How an import's state reads to a person.</summary>
internal static class ImportLabels
{
    public static string Status(ImportJob job) => job.Status switch
    {
        ImportStatus.Uploaded => "Waiting for its columns to be mapped",
        ImportStatus.Running => $"Importing: {job.Processed:N0} of {Rows(job.TotalRows)}",
        ImportStatus.Completed when job.Failed > 0 => $"Done, {Rows(job.Failed)} not imported",
        ImportStatus.Completed => "Done",
        _ => job.Status.ToCode(),
    };

    /// <summary>"1 row", "2 rows", "1,250 rows".</summary>
    public static string Rows(int count) => count == 1 ? "1 row" : $"{count:N0} rows";
}
