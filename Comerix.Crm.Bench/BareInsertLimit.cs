using System.Diagnostics;
using Comerix.Crm.Ingestion;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Comerix.Crm.Bench;

/// <summary>
/// The physical limit: the same event rows, inserted into a bare table (no keys, no indexes) the fastest way
/// each provider allows. SQLite: one prepared statement in one transaction. PostgreSQL: binary COPY into a logged
/// table (an UNLOGGED one skipped the write-ahead log that SQLite's table and the engine's tables pay for, so the two
/// providers' ratios were not comparable).
/// </summary>
internal static class BareInsertLimit
{
    private const string Columns =
        "tenant_id TEXT, id BIGINT, event_id TEXT, contact_id BIGINT, type TEXT, source TEXT, occurred_at {0}, received_at {0}, " +
        "record_kind TEXT, record_id TEXT, conversion_value NUMERIC, currency TEXT, payload_json TEXT";

    public static double Sqlite(string file, IEnumerable<CrmEvent> stream, int batchSize)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;");
        Execute(connection, $"DROP TABLE IF EXISTS bare_events; CREATE TABLE bare_events ({string.Format(Columns, "TEXT")})");
        var now = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO bare_events VALUES (@p0,@p1,@p2,@p3,@p4,@p5,@p6,@p7,@p8,@p9,@p10,@p11,@p12)";
        var parameters = Enumerable.Range(0, 13).Select(i => insert.Parameters.Add(new SqliteParameter("@p" + i, null))).ToArray();
        watch.Stop();
        var i = 0;
        // As for the engine, the clock stops while the next batch is generated.
        foreach (var batch in EventBatches.Of(stream, batchSize))
        {
            watch.Start();
            foreach (var e in batch)
            {
                var values = Row(e, i++, now);
                for (var p = 0; p < values.Length; p++)
                {
                    parameters[p].Value = values[p] ?? DBNull.Value;
                }
                insert.ExecuteNonQuery();
            }
            watch.Stop();
        }
        watch.Start();
        transaction.Commit();
        return i / watch.Elapsed.TotalSeconds;
    }

    public static async Task<double> PostgresAsync(string connectionString, IEnumerable<CrmEvent> stream, int batchSize)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand(
            $"DROP TABLE IF EXISTS bare_events; CREATE TABLE bare_events ({string.Format(Columns, "TIMESTAMPTZ")})", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        var now = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        var i = 0;
        await using (var writer = await connection.BeginBinaryImportAsync("COPY bare_events FROM STDIN (FORMAT BINARY)"))
        {
            watch.Stop();
            foreach (var batch in EventBatches.Of(stream, batchSize))
            {
                watch.Start();
                foreach (var e in batch)
                {
                    await WriteRowAsync(writer, Row(e, i++, now));
                }
                watch.Stop();
            }
            watch.Start();
            await writer.CompleteAsync();
        }
        var perSecond = i / watch.Elapsed.TotalSeconds;
        await using var drop = new NpgsqlCommand("DROP TABLE bare_events", connection);
        await drop.ExecuteNonQueryAsync();
        return perSecond;
    }

    private static async Task WriteRowAsync(NpgsqlBinaryImporter writer, object?[] v)
    {
        await writer.StartRowAsync();
        await writer.WriteAsync((string)v[0]!, NpgsqlDbType.Text);
        await writer.WriteAsync((long)v[1]!, NpgsqlDbType.Bigint);
        await writer.WriteAsync((string)v[2]!, NpgsqlDbType.Text);
        await writer.WriteAsync((long)v[3]!, NpgsqlDbType.Bigint);
        await writer.WriteAsync((string)v[4]!, NpgsqlDbType.Text);
        await writer.WriteNullAsync();
        await writer.WriteAsync((DateTime)v[6]!, NpgsqlDbType.TimestampTz);
        await writer.WriteAsync((DateTime)v[7]!, NpgsqlDbType.TimestampTz);
        await WriteTextAsync(writer, v[8]);
        await WriteTextAsync(writer, v[9]);
        if (v[10] is decimal value)
        {
            await writer.WriteAsync(value, NpgsqlDbType.Numeric);
        }
        else
        {
            await writer.WriteNullAsync();
        }
        await WriteTextAsync(writer, v[11]);
        await WriteTextAsync(writer, v[12]);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter writer, object? value) =>
        value is string text ? writer.WriteAsync(text, NpgsqlDbType.Text) : writer.WriteNullAsync();

    private static object?[] Row(CrmEvent e, int i, DateTime now) =>
    [
        "Default", (long)i + 1, e.Id, (long)(i % 200_000) + 1, e.Type, null, e.OccurredAt.UtcDateTime, now,
        e.Record?.Kind, e.Record?.Id, e.Conversion?.Value, e.Conversion?.Currency, e.PayloadJson,
    ];

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
