using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Data;

/// <summary>Storage's log lines (event ids 4000–4999, see <see cref="CrmLogEvents"/>).</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = CrmLogEvents.Storage + 1, Level = LogLevel.Information, Message = "Comerix CRM database is up to date ({Provider}).")]
    public static partial void Migrated(ILogger logger, string provider);

    /// <param name="failures">Failed checkpoints since the last line (at most one line a minute).</param>
    [LoggerMessage(EventId = CrmLogEvents.Storage + 2, Level = LogLevel.Warning,
        Message = "The background SQLite checkpoint failed ({Failures} time(s) since the last such line); the writer's own " +
                  "checkpoint copies the WAL meanwhile, which slows ingestion. Tried again at the next commit.")]
    public static partial void CheckpointFailed(ILogger logger, int failures, Exception exception);
}
