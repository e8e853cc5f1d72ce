using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Erasure;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Erasure;

/// <summary>
/// Delete &amp; forget on PostgreSQL: after the erasure (and the VACUUM FULL it runs), none of the person's values
/// is in the files of the CRM's tables, their indexes or their TOAST tables, read as raw bytes from the data
/// directory. Before the erasure the same scan finds them.
/// </summary>
public sealed class ErasureOnPostgresTests
{
    private static readonly string[] Values =
    [
        "Ysolde Pemberton-Vask", "ysolde.pv@erasure-pg.test", "+14155550188", "cust-YPV-90210", "vis-YPV-31337", "heliotrope-ypv-2718",
    ];

    [PostgresFact]
    public async Task AfterDeleteAndForgetNoValueOfThePersonIsInTheTableFiles()
    {
        await using var db = await TestDatabase.CreatePostgresAsync();
        var result = await db.Engine.IngestBatchAsync("Default",
        [
            Form("pg-erase-1", Day1, Email("Ysolde.PV@erasure-pg.test"), Phone("+1 415 555 0188"), Visitor("vis-YPV-31337")) with
            {
                Traits = new Dictionary<string, string> { ["name"] = "Ysolde Pemberton-Vask", ["favourite"] = "heliotrope-ypv-2718" },
                PayloadJson = """{"note":"heliotrope-ypv-2718"}""",
                Record = new SourceRecordRef("form", "ysolde.pv@erasure-pg.test"),
            },
            Conversion("pg-erase-2", Day1.AddHours(1), 12m, CustomerId("cust-YPV-90210"), Email("ysolde.pv@erasure-pg.test", verified: true)),
        ]);
        var contactId = result[0].ContactId!.Value;
        var server = PostgresTestServer.ConnectionString!;
        var files = await TableFilesAsync(db.Options.ConnectionString!, server);
        if (files.Count == 0 || !File.Exists(files[0]))
        {
            Assert.Fail($"The PostgreSQL data directory is not readable here ({(files.Count == 0 ? "no files" : files[0])}); run the tests on the server's machine.");
        }
        Assert.NotEmpty(RawBytes.Find(files, Values));

        await using (var ctx = db.Db())
        {
            var erasure = new ContactErasureService(ctx, new ContactFootprintReader(ctx), db.Engine, [], db.Database, TimeProvider.System);
            var outcome = await erasure.EraseAsync("Default", contactId, "DELETE", "dpo@site.test");
            Assert.Equal(ErasureOutcome.Erased, outcome.Outcome);
        }

        files = await TableFilesAsync(db.Options.ConnectionString!, server);
        var left = files.Where(f => RawBytes.Find([f], Values).Count > 0).Distinct().ToList();
        Assert.True(left.Count == 0, "values left in " + string.Join(", ", await RelationNamesAsync(db.Options.ConnectionString!, left)));
        Assert.False(await db.QueryAsync(ctx => ctx.Contacts.AnyAsync(c => c.Id == contactId)));
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
