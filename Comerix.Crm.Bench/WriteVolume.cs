using System.Globalization;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Comerix.Crm.Bench;

/// <summary>
/// What a stretch of work wrote to storage. SQLite is written by this process, so its bytes are this process's
/// <c>write_bytes</c> (/proc/self/io: what it sent to the block layer, the WAL and its checkpoints included; the
/// log is checkpointed before the count is read, so pages still only in the log count once more, as they will).
/// PostgreSQL's server writes for us (this process writes next to nothing), so its figure is the write-ahead log
/// generated: the log's insert position moved, read exactly. <c>pg_stat_wal.wal_bytes</c> counts the same bytes
/// but each backend flushes its counters at most once a second (every ten when idle), so a delta read just after
/// the run misses the last commits. Both PostgreSQL figures cover the whole server: another database's writes
/// during the run count too.
/// </summary>
internal sealed class WriteVolume
{
    private const string ProcessIo = "/proc/self/io";

    private readonly CrmDatabase _database;
    private readonly long? _processBytes;
    private readonly decimal? _walPosition;

    private WriteVolume(CrmDatabase database, long? processBytes, decimal? walPosition)
    {
        _database = database;
        _processBytes = processBytes;
        _walPosition = walPosition;
    }

    public static async Task<WriteVolume> StartAsync(CrmDatabase database) =>
        new(database, ProcessWriteBytes(), await WalPositionAsync(database));

    /// <returns>Bytes written since the start: by this process (null where /proc is not), and to PostgreSQL's log (null on SQLite).</returns>
    public async Task<(long? ProcessBytes, long? WalBytes)> StopAsync()
    {
        if (_database.Provider == CrmDatabaseProviders.Sqlite)
        {
            await CheckpointAsync(_database);
        }
        var processBytes = ProcessWriteBytes() - _processBytes;
        var walPosition = await WalPositionAsync(_database);
        return (processBytes, (long?)(walPosition - _walPosition));
    }

    private static long? ProcessWriteBytes()
    {
        if (!File.Exists(ProcessIo))
        {
            return null;
        }
        var line = File.ReadLines(ProcessIo).FirstOrDefault(l => l.StartsWith("write_bytes:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line["write_bytes:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task CheckpointAsync(CrmDatabase database)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        SqliteConnectionSetup.Apply(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<decimal?> WalPositionAsync(CrmDatabase database)
    {
        if (database.Provider != CrmDatabaseProviders.Postgres)
        {
            return null;
        }
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        // The position as a byte count (pg_lsn minus pg_lsn is numeric).
        await using var command = new NpgsqlCommand("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn", connection);
        return (decimal)(await command.ExecuteScalarAsync())!;
    }
}
