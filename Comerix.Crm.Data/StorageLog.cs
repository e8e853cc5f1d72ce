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

    // Counts only: the numbers are personal data.
    [LoggerMessage(EventId = CrmLogEvents.Storage + 3, Level = LogLevel.Information,
        Message = "Phone keys of tenant {Tenant} brought to libphonenumber's E.164: {Unchanged} unchanged, {Rekeyed} re-keyed, " +
                  "{Merged} merged, {Queued} queued for review, {KeptNotValid} kept as stored (not valid numbers).")]
    public static partial void PhoneKeysRekeyed(ILogger logger, string tenant, int unchanged, int rekeyed, int merged, int queued, int keptNotValid);

    [LoggerMessage(EventId = CrmLogEvents.Storage + 4, Level = LogLevel.Information,
        Message = "Webhook signing secrets of tenant {Tenant} now stored protected: {Protected} endpoint(s), same secrets.")]
    public static partial void WebhookSecretsProtected(ILogger logger, string tenant, int @protected);

    [LoggerMessage(EventId = CrmLogEvents.Storage + 5, Level = LogLevel.Warning,
        Message = "After an erasure the write-ahead log was not rotated ({Reason}): PostgreSQL keeps the erased values in pg_wal " +
                  "until checkpoints pass them. Grant the CRM's role pg_checkpoint and EXECUTE ON FUNCTION pg_switch_wal().")]
    public static partial void WalNotRotated(ILogger logger, string reason);

    [LoggerMessage(EventId = CrmLogEvents.Storage + 6, Level = LogLevel.Warning,
        Message = "After an erasure pg_wal may still hold the erased values: wal_recycle={Recycle} (set it off), " +
                  "wal_keep_size={Keep}, {Slots} replication slot(s), archive_mode={Archive}; see docs/guarantees.md.")]
    public static partial void WalMayHoldErasedValues(ILogger logger, string recycle, string keep, long slots, string archive);

    [LoggerMessage(EventId = CrmLogEvents.Storage + 7, Level = LogLevel.Warning,
        Message = "This site process could not say it is alive ({Error}); it keeps enforcing 1/{Processes} of the API rate limits " +
                  "and tries again in {Interval}.")]
    public static partial void HeartbeatFailed(ILogger logger, int processes, TimeSpan interval, string error);
}
