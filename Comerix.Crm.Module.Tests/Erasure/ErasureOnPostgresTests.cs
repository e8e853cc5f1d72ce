using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Erasure;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Erasure;

/// <summary>
/// Delete &amp; forget on PostgreSQL: after the erasure (and the VACUUM FULL, WAL switch and checkpoint it runs), none
/// of the person's values is in the files of the CRM's tables, their indexes or their TOAST tables, nor in any
/// segment of pg_wal, read as raw bytes from the data directory. Before the erasure the same scans find them.
/// The pg_wal promise needs the server as scripts/test-postgres.sh starts it (wal_recycle off, no WAL kept for
/// standbys or archives), which the test checks first.
/// </summary>
public sealed class ErasureOnPostgresTests
{
    // Unique to each run: a segment recycled before wal_recycle was turned off may still hold an earlier run's values.
    private static readonly string Run = Guid.NewGuid().ToString("N")[..6];
    private static readonly string Digits = Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string[] Values =
    [
        $"Ysolde Pemberton-{Run}", $"ysolde.{Run}@erasure-pg.test", $"+1415555{Digits}", $"cust-YPV-{Run}", $"vis-YPV-{Run}", $"heliotrope-ypv-{Run}",
    ];

    [PostgresFact]
    public async Task AfterDeleteAndForgetNoValueOfThePersonIsInTheTableFiles()
    {
        await using var db = await TestDatabase.CreatePostgresAsync();
        var result = await db.Engine.IngestBatchAsync("Default",
        [
            Form("pg-erase-1", Day1, Email($"Ysolde.{Run}@erasure-pg.test"), Phone($"+1 415 555 {Digits}"), Visitor($"vis-YPV-{Run}")) with
            {
                Traits = new Dictionary<string, string> { ["name"] = $"Ysolde Pemberton-{Run}", ["favourite"] = $"heliotrope-ypv-{Run}" },
                PayloadJson = $$"""{"note":"heliotrope-ypv-{{Run}}"}""",
                Record = new SourceRecordRef("form", $"ysolde.{Run}@erasure-pg.test"),
            },
            Conversion("pg-erase-2", Day1.AddHours(1), 12m, CustomerId($"cust-YPV-{Run}"), Email($"ysolde.{Run}@erasure-pg.test", verified: true)),
        ]);
        var contactId = result[0].ContactId!.Value;
        var server = PostgresTestServer.ConnectionString!;
        var files = await TableFilesAsync(db.Options.ConnectionString!, server);
        if (files.Count == 0 || !File.Exists(files[0]))
        {
            Assert.Fail($"The PostgreSQL data directory is not readable here ({(files.Count == 0 ? "no files" : files[0])}); run the tests on the server's machine.");
        }
        Assert.NotEmpty(RawBytes.Find(files, Values));
        var walDirectory = await WalDirectoryAsync(server);
        Assert.NotEmpty(WalHits(walDirectory));

        await using (var ctx = db.Database.CreateDbContext("Default"))
        {
            var erasure = new ContactErasureService(ctx, new ContactFootprintReader(ctx), db.Admin, [], db.Database, TimeProvider.System);
            var outcome = await erasure.EraseAsync("Default", contactId, "DELETE", "dpo@site.test");
            Assert.Equal(ErasureOutcome.Erased, outcome.Outcome);
        }

        files = await TableFilesAsync(db.Options.ConnectionString!, server);
        var left = files.Where(f => RawBytes.Find([f], Values).Count > 0).Distinct().ToList();
        Assert.True(left.Count == 0, "values left in " + string.Join(", ", await RelationNamesAsync(db.Options.ConnectionString!, left)));
        var walLeft = WalHits(walDirectory);
        Assert.True(walLeft.Count == 0, "values left in pg_wal: " + string.Join(", ", walLeft));
        Assert.False(await db.QueryAsync(ctx => ctx.Contacts.AnyAsync(c => c.Id == contactId)));
    }

    /// <summary>
    /// The CRM's role as it usually is: owner of its tables, no superuser, no right to switch the log or checkpoint.
    /// The erasure still completes (the tables are rewritten), and the log says what PostgreSQL keeps and what to grant.
    /// </summary>
    [PostgresFact]
    public async Task WithoutTheRightToRotateTheLogTheErasureCompletesAndTheLogSaysWhatToGrant()
    {
        var role = "crm_app_" + Guid.NewGuid().ToString("N")[..8];
        var server = PostgresTestServer.ConnectionString!;
        try
        {
            await using var db = await TestDatabase.CreatePostgresAsync();
            await ExecuteAsync(server, $"CREATE ROLE {role} LOGIN PASSWORD 'app-password'");
            await ExecuteAsync(db.Options.ConnectionString!, $$"""
                DO $$ DECLARE t text; BEGIN
                  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
                    EXECUTE format('ALTER TABLE %I OWNER TO {{role}}', t);
                  END LOOP;
                END $$;
                """);
            var contactId = (await db.Engine.IngestBatchAsync("Default", [Form("pg-role-1", Day1, Email($"role.{Run}@erasure-pg.test"))]))[0].ContactId!.Value;
            var logs = new CapturedLogs();
            using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
            await using var asApp = new Comerix.Crm.Data.CrmDatabase(Comerix.Crm.Data.CrmDatabaseProviders.Postgres,
                new NpgsqlConnectionStringBuilder(db.Options.ConnectionString) { Username = role, Password = "app-password" }.ToString(),
                loggers.CreateLogger<Comerix.Crm.Data.CrmDatabase>());

            await using (var ctx = db.Database.CreateDbContext("Default"))
            {
                var erasure = new ContactErasureService(ctx, new ContactFootprintReader(ctx), db.Admin, [], asApp, TimeProvider.System);
                Assert.Equal(ErasureOutcome.Erased, (await erasure.EraseAsync("Default", contactId, "DELETE", "dpo@site.test")).Outcome);
            }
            Assert.Contains(logs.Lines, l => l.StartsWith("Warning") && l.Contains("was not rotated") && l.Contains("pg_checkpoint"));
            Assert.DoesNotContain(logs.Lines, l => l.Contains($"role.{Run}"));
            NpgsqlConnection.ClearAllPools();
        }
        finally
        {
            await ExecuteAsync(server, $"DROP ROLE IF EXISTS {role}");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// pg_wal, on a server configured so that an erasure can empty it of older segments: wal_recycle off (else old
    /// segments are renamed for reuse, content and all), nothing kept for standbys or an archive.
    /// </summary>
    private static async Task<string> WalDirectoryAsync(string server)
    {
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('data_directory'), current_setting('wal_recycle'), current_setting('wal_keep_size'), " +
            "current_setting('archive_mode'), (SELECT count(*) FROM pg_replication_slots)", admin);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var settings = $"wal_recycle={reader.GetString(1)} wal_keep_size={reader.GetString(2)} archive_mode={reader.GetString(3)} slots={reader.GetInt64(4)}";
        Assert.True(settings == "wal_recycle=off wal_keep_size=0 archive_mode=off slots=0",
            $"The server is not set up as scripts/test-postgres.sh sets it ({settings}); restart it with the script.");
        return Path.Combine(reader.GetString(0), "pg_wal");
    }

    /// <summary>Each pg_wal segment holding one of the values, with the values it holds (one file read at a time: there may be a gigabyte of them).</summary>
    private static List<string> WalHits(string walDirectory)
    {
        var hits = new List<string>();
        foreach (var file in Directory.GetFiles(walDirectory))
        {
            try
            {
                if (RawBytes.Find([file], Values) is { Count: > 0 } found)
                {
                    hits.Add($"{Path.GetFileName(file)} ({string.Join(", ", found)})");
                }
            }
            catch (FileNotFoundException)
            {
                // Removed by a checkpoint while we listed the directory.
            }
        }
        return hits;
    }

    private static async Task<List<string>> RelationNamesAsync(string database, List<string> files)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var names = new List<string>();
        foreach (var file in files)
        {
            await using var command = new NpgsqlCommand("SELECT relname FROM pg_class WHERE relfilenode = @n", connection);
            command.Parameters.AddWithValue("n", (uint)long.Parse(Path.GetFileName(file).Split('.', '_')[0]));
            names.Add($"{file} ({await command.ExecuteScalarAsync() ?? "?"})");
        }
        return names;
    }

    /// <summary>After a CHECKPOINT (so the files hold what the buffers held): every file of the public schema's relations, with TOAST and indexes.</summary>
    private static async Task<List<string>> TableFilesAsync(string database, string server)
    {
        string dataDirectory;
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var checkpoint = new NpgsqlCommand("CHECKPOINT", admin);
            await checkpoint.ExecuteNonQueryAsync();
            await using var show = new NpgsqlCommand("SHOW data_directory", admin);
            dataDirectory = (string)(await show.ExecuteScalarAsync())!;
        }
        var relations = new List<string>();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT pg_relation_filepath(oid) FROM pg_class WHERE relnamespace = 'public'::regnamespace
            UNION SELECT pg_relation_filepath(reltoastrelid) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND reltoastrelid <> 0
            UNION SELECT pg_relation_filepath(i.indexrelid) FROM pg_index i JOIN pg_class t ON t.reltoastrelid = i.indrelid
                  WHERE t.relnamespace = 'public'::regnamespace
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (!reader.IsDBNull(0))
            {
                relations.Add(Path.Combine(dataDirectory, reader.GetString(0)));
            }
        }
        // Each relation's main file, its further 1 GB segments and its free-space and visibility maps.
        return relations.SelectMany(file => new[] { file }.Concat(
            Directory.Exists(Path.GetDirectoryName(file)) ? Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + ".*").Concat(
                Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + "_*")) : [])).ToList();
    }
}
