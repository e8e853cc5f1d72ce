using Comerix.Crm.Data;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Comerix.Crm.Tests.Data;

/// <summary>
/// The migrations are written by hand, so this proves they build exactly the schema the EF Core model
/// describes: a database made by the migrations and one made from the model must be indistinguishable.
/// </summary>
public sealed class MigrationsTests
{
    [Fact]
    public async Task OnSqliteMigrationsBuildExactlyTheModelSchema()
    {
        await using var migrated = await TestDatabase.CreateSqliteAsync();
        var fromModelFile = Path.Combine(Path.GetTempPath(), $"comerix-model-{Guid.NewGuid():N}.db");
        await using (var ctx = new CrmOptions { ConnectionString = $"Data Source={fromModelFile}" }.OpenDatabase().CreateDbContext())
        {
            await ctx.Database.EnsureCreatedAsync();
        }

        Assert.Equal(SqliteSchema(fromModelFile), SqliteSchema(Path.Combine(migrated.Options.DataDirectory, "comerix-crm.db")));
    }

    [Fact]
    public async Task MigratingTwiceIsHarmlessAndTheFileUsesWriteAheadLogging()
    {
        await using var db = await TestDatabase.CreateSqliteAsync();
        await db.Database.MigrateAsync();

        await using var ctx = db.Db();
        await ctx.Database.OpenConnectionAsync();
        await using var command = ctx.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
        Assert.Empty(await ctx.Database.GetPendingMigrationsAsync());
    }

    [PostgresFact]
    public async Task OnPostgresMigrationsBuildExactlyTheModelSchema()
    {
        await using var migrated = await TestDatabase.CreatePostgresAsync();
        await using var fromModel = await TestDatabase.CreatePostgresAsync();
        await using (var ctx = fromModel.Db())
        {
            await ctx.Database.EnsureDeletedAsync();
            await ctx.Database.EnsureCreatedAsync();
        }

        Assert.Equal(await PostgresSchemaAsync(fromModel.Options.ConnectionString!), await PostgresSchemaAsync(migrated.Options.ConnectionString!));
    }

    /// <summary>The schema of the tables whose names start with <paramref name="prefix"/>, one sorted line per fact.</summary>
    internal static string SqliteSchema(string file, string prefix = "crm_")
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        var lines = new List<string>();
        // The search tables are provider SQL in migrations (the model cannot describe them); the list search tests cover them.
        var tables = Query(connection, $"SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '{prefix}%' AND name NOT LIKE '{SearchTables}' ORDER BY name");
        foreach (var table in tables)
        {
            lines.AddRange(Query(connection, $"SELECT '{table} column ' || name || ' ' || type || ' notnull=' || \"notnull\" || ' pk=' || pk FROM pragma_table_info('{table}')"));
            lines.AddRange(Query(connection, $"SELECT '{table} fk ' || \"table\" || ' ' || \"from\" || '->' || \"to\" || ' ' || on_delete FROM pragma_foreign_key_list('{table}')"));
            // The index on an external reference's value is on an expression, which the model cannot describe (SupportSearch).
            foreach (var index in Query(connection, $"SELECT name || ' unique=' || \"unique\" || ' origin=' || origin FROM pragma_index_list('{table}') WHERE name <> '{Comerix.Crm.Data.Migrations.SupportSearch.ReferenceValueIndex}'"))
            {
                var name = index.Split(' ')[0];
                lines.Add($"{table} index {index} on {string.Join(",", Query(connection, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"))}");
            }
            lines.AddRange(Query(connection, $"SELECT '{table} check' FROM sqlite_master WHERE name = '{table}' AND sql LIKE '%CHECK%'"));
        }
        return string.Join("\n", lines.Order(StringComparer.Ordinal));
    }

    private static List<string> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }

    /// <summary>The index on an expression, which the model cannot describe (SupportSearch).</summary>
    private const string ExpressionIndex = Comerix.Crm.Data.Migrations.SupportSearch.ReferenceValueIndex;

    /// <summary>
    /// The search tables are provider SQL in migrations, which the model cannot describe (SQLite's FTS5, PostgreSQL's
    /// trigram-indexed text, ContactSearchTextApart); the search tests cover them.
    /// </summary>
    private const string SearchTables = "crm_contacts_search%";

    internal static async Task<string> PostgresSchemaAsync(string connectionString, string prefix = "crm_")
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var sql = $"""
            SELECT table_name || ' column ' || column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns
              WHERE table_schema = 'public' AND table_name LIKE '{prefix}%' AND table_name NOT LIKE '{SearchTables}'
            UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename LIKE '{prefix}%'
              AND tablename NOT LIKE '{SearchTables}' AND indexname <> '{ExpressionIndex}'
            UNION ALL SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
              WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text LIKE '{prefix}%'
              AND conrelid::regclass::text NOT LIKE '{SearchTables}'
            UNION ALL SELECT 'sequence ' || sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public' AND sequence_name LIKE '{prefix}%'
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return string.Join("\n", lines.Order(StringComparer.Ordinal));
    }
}
