using Comerix.Crm.Data.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Comerix.Crm.Data;

/// <summary>The configured database: builds the EF Core options and the SQL dialect for the same connection.</summary>
public sealed class CrmDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _npgsql;
    private readonly ILogger _logger;

    /// <param name="provider"><see cref="CrmDatabaseProviders.Sqlite"/> or <see cref="CrmDatabaseProviders.Postgres"/> (case and spaces ignored).</param>
    public CrmDatabase(string provider, string connectionString, ILogger<CrmDatabase>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Provider = provider.Trim().ToLowerInvariant();
        switch (Provider)
        {
            case CrmDatabaseProviders.Sqlite:
                ConnectionString = SqliteConnectionSetup.Normalize(connectionString);
                EnsureDirectoryFor(ConnectionString);
                Dialect = new SqliteDialect(ConnectionString, _logger);
                break;
            case CrmDatabaseProviders.Postgres:
                ConnectionString = connectionString;
                _npgsql = NpgsqlDataSource.Create(connectionString);
                Dialect = new PostgresDialect(_npgsql);
                break;
            default:
                throw new InvalidOperationException(
                    $"Unknown database provider '{provider}'. Use '{CrmDatabaseProviders.Sqlite}' or '{CrmDatabaseProviders.Postgres}'.");
        }
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    internal SqlDialect Dialect { get; }

    public void Configure(DbContextOptionsBuilder builder)
    {
        if (_npgsql is not null)
        {
            builder.UseNpgsql(_npgsql);
        }
        else
        {
            builder.UseSqlite(ConnectionString).AddInterceptors(SqliteSecureDeleteInterceptor.Instance);
        }
    }

    /// <summary>
    /// After an erasure: leaves no copy of deleted rows in the database files. SQLite already zeroed them
    /// (secure_delete). Its search index still holds the terms of names and emails the person had before, under
    /// delete markers (see the SearchIndexLeanWrites migration): "optimize" rewrites it as one segment without them.
    /// Then the checkpoint copies the WAL into the main file and truncates the WAL, which still held the pages as
    /// they were before. PostgreSQL keeps deleted tuples until vacuum, and plain VACUUM does not
    /// overwrite them, so the tables that held the person are rewritten (VACUUM FULL: it locks each table while it runs).
    /// </summary>
    /// <returns>
    /// False when PostgreSQL had to keep deleted rows because an older transaction (in any database of the
    /// cluster) might still see them; the caller tries again later.
    /// </returns>
    public async Task<bool> ScrubAfterErasureAsync(IReadOnlyList<string> postgresTables, CancellationToken cancellationToken = default)
    {
        if (_npgsql is not null)
        {
            if (!await VacuumFullAsync(_npgsql, postgresTables, cancellationToken))
            {
                return false;
            }
            await RotateWriteAheadLogAsync(_npgsql, cancellationToken);
            return true;
        }
        await using var sqlite = new SqliteConnection(ConnectionString);
        await sqlite.OpenAsync(cancellationToken);
        SqliteConnectionSetup.Apply(sqlite);
        await using (var optimize = sqlite.CreateCommand())
        {
            optimize.CommandText = $"INSERT INTO {Migrations.ContactListSearch.SearchTable}({Migrations.ContactListSearch.SearchTable}) VALUES ('optimize')";
            await optimize.ExecuteNonQueryAsync(cancellationToken);
        }
        for (var attempt = 1; ; attempt++)
        {
            await using var checkpoint = sqlite.CreateCommand();
            // Returns (busy, wal frames, checkpointed frames); busy = 1 while a reader holds an older snapshot.
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await using var reader = await checkpoint.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken) || reader.GetInt32(0) == 0)
            {
                return true;
            }
            if (attempt == 50)
            {
                return false;
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>
    /// PostgreSQL's write-ahead log (pg_wal) still holds the person after the tables are rewritten: each row as it was
    /// written, and full-page images of the pages that held it (the delete itself logs them). A segment leaves pg_wal
    /// at the first checkpoint whose redo point lies past it, so this ends the segment being written (pg_switch_wal)
    /// and checkpoints: every older segment is then deleted, unless the server keeps it (wal_keep_size, a replication
    /// slot, an archiver that has not copied it yet) or recycles it (wal_recycle, on by default: the file is renamed
    /// for reuse with its old content, which stays readable until overwritten). Needs a role allowed both: a
    /// superuser, or pg_checkpoint with EXECUTE on pg_switch_wal(). What it cannot do is logged, without values.
    /// </summary>
    private async Task RotateWriteAheadLogAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            foreach (var statement in new[] { "SELECT pg_switch_wal()", "CHECKPOINT" })
            {
                await using var rotate = connection.CreateCommand();
                rotate.CommandText = statement;
                await rotate.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            StorageLog.WalNotRotated(_logger, e.MessageText);
            return;
        }
        await using var settings = connection.CreateCommand();
        settings.CommandText = "SELECT current_setting('wal_recycle'), current_setting('wal_keep_size'), " +
            "(SELECT count(*) FROM pg_replication_slots), current_setting('archive_mode')";
        await using var reader = await settings.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            var (recycle, keep, slots, archive) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3));
            if (recycle == "on" || keep != "0" || slots > 0 || archive != "off")
            {
                StorageLog.WalMayHoldErasedValues(_logger, recycle, keep, slots, archive);
            }
        }
    }

    /// <summary>
    /// VACUUM FULL each table, and again for a while if it reported dead rows it could not remove yet (an older
    /// transaction anywhere in the cluster can pin them).
    /// </summary>
    public static async Task<bool> VacuumFullAsync(NpgsqlDataSource dataSource, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        var pending = tables.ToList();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            long nonremovable = 0;
            var pinnedReported = false;
            connection.Notice += (_, e) =>
            {
                // INFO: "t": found N removable, M nonremovable row versions in P pages / DETAIL: K dead row versions cannot be removed yet.
                var text = e.Notice.MessageText + " " + e.Notice.Detail;
                var found = System.Text.RegularExpressions.Regex.Match(text, @"(\d+) nonremovable row versions");
                if (found.Success)
                {
                    nonremovable = long.Parse(found.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
                var pinned = System.Text.RegularExpressions.Regex.Match(text, @"(\d+) dead row versions cannot be removed yet");
                if (pinned.Success && pinned.Groups[1].Value != "0")
                {
                    pinnedReported = true;
                }
            };
            var still = new List<string>();
            foreach (var table in pending)
            {
                (nonremovable, pinnedReported) = (-1, false);
                await using var vacuum = connection.CreateCommand();
                vacuum.CommandText = $"VACUUM (FULL, VERBOSE) {table}";
                await vacuum.ExecuteNonQueryAsync(cancellationToken);
                // Kept rows beyond the live ones are dead rows an older transaction pins (they were copied into the new file).
                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT count(*) FROM {table}";
                var live = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
                if (pinnedReported || nonremovable < 0 || nonremovable > live)
                {
                    still.Add(table);
                }
            }
            pending = still;
            if (pending.Count > 0)
            {
                if (attempt == 30)
                {
                    return false;
                }
                await Task.Delay(Math.Min(2000, 100 * attempt), cancellationToken);
            }
        }
        return true;
    }

    /// <summary>
    /// The CRM's tables that hold a person's values (an import's file, until it has run, among them; a segment's
    /// condition that names them, until the erasure rewrote it).
    /// </summary>
    public static IReadOnlyList<string> PersonalDataTables { get; } =
        ["crm_contacts", "crm_identifiers", "crm_activities", "crm_contact_links", "crm_contact_tags", "crm_contact_field_values", "crm_do_not_contact", "crm_merge_reviews", "crm_import_jobs",
         "crm_webhook_deliveries", "crm_segments", "crm_merge_history", "crm_merge_history_rows", "crm_duplicate_suggestions",
         Migrations.ContactSearchTextApart.Table];

    /// <summary>
    /// A site-wide context, with no tenant filter: for start-up steps and migrations that go through every tenant.
    /// Each of its queries must state its tenant; work for one tenant takes <see cref="CreateDbContext(string)"/>.
    /// </summary>
    internal CrmDbContext CreateDbContext() => new(ContextOptions());

    /// <summary>A context whose queries read only <paramref name="tenantId"/>'s rows (outside a request's scope).</summary>
    internal CrmDbContext CreateDbContext(string tenantId) => new(ContextOptions(), tenantId);

    private DbContextOptions<CrmDbContext> ContextOptions()
    {
        var builder = new DbContextOptionsBuilder<CrmDbContext>();
        Configure(builder);
        return builder.Options;
    }

    /// <summary>Applies pending migrations; on SQLite also switches the file to WAL (stored in the file, once).</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateDbContext();
        await db.Database.MigrateAsync(cancellationToken);
        if (Provider == CrmDatabaseProviders.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>
    /// A lock every process on this database waits for, held until the result is disposed: for the work two processes
    /// starting together must not both do (migrating, creating the first tenant, making the first data-protection key).
    /// PostgreSQL: a session advisory lock, which the server releases when the process dies. SQLite: an exclusive lock
    /// on a file beside the database, which the operating system releases when the process dies.
    /// </summary>
    public async Task<IAsyncDisposable> LockSiteAsync(string purpose, CancellationToken cancellationToken = default)
    {
        if (_npgsql is not null)
        {
            var connection = await _npgsql.OpenConnectionAsync(cancellationToken);
            await using var take = connection.CreateCommand();
            take.CommandText = "SELECT pg_advisory_lock(hashtextextended($1, 0))";
            take.Parameters.Add(new NpgsqlParameter { Value = "comerix:" + purpose });
            await take.ExecuteNonQueryAsync(cancellationToken);
            // Closing the session releases its advisory locks.
            return connection;
        }
        var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:" || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return NoLock.Instance;
        }
        var lockFile = $"{Path.GetFullPath(file)}-{purpose}.lock";
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    /// <summary>An in-memory SQLite database lives in one process: nothing to lock against.</summary>
    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Dialect.Dispose();
        return _npgsql?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    private static void EnsureDirectoryFor(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(file) && file != ":memory:" && !string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
