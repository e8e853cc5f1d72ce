using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Import;

/// <summary>CSV imports' log lines (event ids 7000–7999, see <see cref="CrmLogEvents"/>): ids and counts, never a cell.</summary>
internal static partial class ImportLog
{
    [LoggerMessage(EventId = CrmLogEvents.Import + 1, Level = LogLevel.Warning, Message = "CSV imports could not run ({Error}); trying again shortly.")]
    public static partial void RoundFailed(ILogger logger, string error);

    [LoggerMessage(EventId = CrmLogEvents.Import + 2, Level = LogLevel.Information, Message = "CSV import {ImportId} is being run by another process.")]
    public static partial void RunElsewhere(ILogger logger, string importId);

    [LoggerMessage(EventId = CrmLogEvents.Import + 3, Level = LogLevel.Information,
        Message = "CSV import {ImportId} of tenant {Tenant} completed: {Rows} rows, {Failed} failed.")]
    public static partial void Completed(ILogger logger, string importId, string tenant, int rows, int failed);
}
