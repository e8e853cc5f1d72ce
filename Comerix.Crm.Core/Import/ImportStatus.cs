namespace Comerix.Crm.Import;

/// <summary>Where an import job is (a closed set).</summary>
public enum ImportStatus
{
    /// <summary>Uploaded; the columns are being mapped. Nothing has been imported.</summary>
    Uploaded,

    /// <summary>Started by its user; the background runner picks it up.</summary>
    Running,

    Completed,
}

/// <summary>The words <see cref="ImportStatus"/> is stored as.</summary>
internal static class ImportStatusCodes
{
    public static string ToCode(this ImportStatus status) => status switch
    {
        ImportStatus.Uploaded => "uploaded",
        ImportStatus.Running => "running",
        ImportStatus.Completed => "completed",
        _ => throw StateCodes.NotAState(status),
    };

    public static ImportStatus FromCode(string code) => code switch
    {
        "uploaded" => ImportStatus.Uploaded,
        "running" => ImportStatus.Running,
        "completed" => ImportStatus.Completed,
        _ => throw StateCodes.Unknown("import status", code, "uploaded", "running", "completed"),
    };
}
