namespace Comerix.Crm.Erasure;

/// <summary>An erasure request is partial until every eraser has run, then completed (a closed set).</summary>
public enum ErasureStatus
{
    Partial,
    Completed,
}

/// <summary>The words <see cref="ErasureStatus"/> is stored and sent as (the privacy API's "status").</summary>
internal static class ErasureStatusCodes
{
    public static string ToCode(this ErasureStatus status) => status switch
    {
        ErasureStatus.Partial => "partial",
        ErasureStatus.Completed => "completed",
        _ => throw StateCodes.NotAState(status),
    };

    public static ErasureStatus FromCode(string code) => code switch
    {
        "partial" => ErasureStatus.Partial,
        "completed" => ErasureStatus.Completed,
        _ => throw StateCodes.Unknown("erasure status", code, "partial", "completed"),
    };
}
