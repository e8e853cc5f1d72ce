using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Erasure;

/// <summary>
/// Erasure's log lines (event ids 2000–2999, see <see cref="CrmLogEvents"/>). Ids, counts and eraser type names only:
/// never an identifier, a name or an exception's message, which may quote the very data being erased.
/// </summary>
internal static partial class ErasureLog
{
    [LoggerMessage(EventId = CrmLogEvents.Erasure + 1, Level = LogLevel.Information,
        Message = "Contact {ContactId} of tenant {Tenant} erased: {Rows} rows, attempt {Attempt}.")]
    public static partial void Erased(ILogger logger, long contactId, string tenant, int rows, int attempt);

    [LoggerMessage(EventId = CrmLogEvents.Erasure + 2, Level = LogLevel.Warning,
        Message = "Erasure of contact {ContactId} of tenant {Tenant} is partial after attempt {Attempt}: {Pending} still to run; it is retried.")]
    public static partial void Partial(ILogger logger, long contactId, string tenant, int attempt, string pending);

    [LoggerMessage(EventId = CrmLogEvents.Erasure + 3, Level = LogLevel.Warning,
        Message = "Eraser {Eraser} failed on contact {ContactId} of tenant {Tenant} ({Error}).")]
    public static partial void EraserFailed(ILogger logger, string eraser, long contactId, string tenant, string error);

    [LoggerMessage(EventId = CrmLogEvents.Erasure + 4, Level = LogLevel.Warning,
        Message = "Retrying partial erasures failed ({Error}); trying again in {Interval}.")]
    public static partial void RetryRoundFailed(ILogger logger, string error, TimeSpan interval);

    [LoggerMessage(EventId = CrmLogEvents.Erasure + 5, Level = LogLevel.Information,
        Message = "Erasure of contact {ContactId} in tenant {Tenant}: {Outcome} after {Attempts} attempts.")]
    public static partial void Retried(ILogger logger, long contactId, string tenant, ErasureOutcome outcome, int attempts);
}
