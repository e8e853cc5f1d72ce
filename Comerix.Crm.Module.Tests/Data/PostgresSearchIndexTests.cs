using System.Data.Common;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Migrations;
using Comerix.Crm.Data.Search;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Comerix.Crm.Tests.Data;

/// <summary>
/// PostgreSQL's contact search is answered by the pg_trgm index on the searched text (ContactSearchTrigrams, moved to
/// its own table by ContactSearchTextApart), not by reading every contact; and a database user who may not create the extension gets a migration that stops and says what to
/// run, not a search that silently scans.
/// </summary>
public sealed class PostgresSearchIndexTests
{
    private const string Tenant = "Default";

    [PostgresFact]
    public async Task SearchOnThousandsOfContactsReadsTheTrigramIndex()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using (var seed = database.Db())
        {
            await seed.Database.ExecuteSqlRawAsync(
                "INSERT INTO crm_contacts (tenant_id, id, state, source, is_identified, first_seen, last_seen, created_at, updated_at, display_name, email, phone, company) " +
                "SELECT 'Default', n, 'live', 'form', true, now(), now() - n * interval '1 minute', now(), now(), 'Person ' || n, 'person' || n || '@mail.test', " +
                "'+1415555' || lpad(n::text, 4, '0'), 'Company ' || (n % 997) FROM generate_series(1, 20000) AS n");
            // VACUUM moves the new rows from the index's pending list into the index proper, as autovacuum does in a
            // live database; read from the pending list, the index is costed dearer than reading 20,000 rows.
            await seed.Database.ExecuteSqlRawAsync("VACUUM ANALYZE crm_contacts, crm_contacts_search");
        }
        var plans = new ExplainingInterceptor();
        var builder = new DbContextOptionsBuilder<CrmDbContext>();
        database.Database.Configure(builder);
        await using var db = new CrmDbContext(builder.AddInterceptors(plans).Options, Tenant);

        foreach (var (term, expected) in new[] { ("PERSON 4711", 1), ("person4711@", 1), ("(415) 555-4711", 1), ("ompany 996", 20), ("nobody-here", 0) })
        {
            plans.Plans.Clear();
            var found = await (await PostgresContactSearch.Instance.FindAsync(db, Tenant, term, [], CancellationToken.None)).ToListAsync();

            Assert.Equal(expected, found.Count);
            var plan = Assert.Single(plans.Plans);
            Assert.False(plan.Contains("Seq Scan", StringComparison.Ordinal), plan);
            Assert.True(plan.Contains($"Bitmap Index Scan on {ContactSearchTextApart.TextIndex}", StringComparison.Ordinal), plan);
        }
    }

    [PostgresFact]
    public async Task AUserWhoMayNotCreateTheExtensionIsToldWhatToRun()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        var owner = new NpgsqlConnectionStringBuilder(database.Options.ConnectionString);
        var role = "comerix_no_ext_" + Guid.NewGuid().ToString("N")[..8];
        var fresh = "comerix_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(PostgresTestServer.ConnectionString))
        {
            await admin.OpenAsync();
            // May create tables in the schema (every other migration), but not extensions in the database.
            await new NpgsqlCommand($"CREATE ROLE {role} LOGIN PASSWORD 'secret'", admin).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"CREATE DATABASE {fresh}", admin).ExecuteNonQueryAsync();
        }
        await using (var inFresh = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Database = fresh }.ToString()))
        {
            await inFresh.OpenAsync();
            await new NpgsqlCommand($"GRANT CREATE ON SCHEMA public TO {role}", inFresh).ExecuteNonQueryAsync();
        }
        try
        {
            var asRole = new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Database = fresh, Username = role, Password = "secret" };
            await using var crm = new CrmDatabase(CrmDatabaseProviders.Postgres, asRole.ToString());

            var refused = await Assert.ThrowsAsync<PostgresException>(() => crm.MigrateAsync());

            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            Assert.Equal($"Comerix CRM needs the PostgreSQL extension pg_trgm for contact search, and user \"{role}\" may not create it in database \"{fresh}\".", refused.MessageText);
            Assert.Equal($"Connect to database {fresh} as a superuser or its owner and run: CREATE EXTENSION IF NOT EXISTS pg_trgm; (or GRANT CREATE ON DATABASE {fresh} TO {role};), then start Comerix CRM again.", refused.Hint);
            await using var context = crm.CreateDbContext();
            Assert.Contains("20261204130000_ContactSearchTrigrams", await context.Database.GetPendingMigrationsAsync());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresTestServer.ConnectionString);
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {fresh} WITH (FORCE)", admin).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"DROP ROLE IF EXISTS {role}", admin).ExecuteNonQueryAsync();
        }
    }

    /// <summary>Asks PostgreSQL for the plan of every query EF Core sends (EXPLAIN ANALYZE, same parameters), then lets the query run.</summary>
    private sealed class ExplainingInterceptor : DbCommandInterceptor
    {
        public List<string> Plans { get; } = [];

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF) " + command.CommandText, (NpgsqlConnection)command.Connection!);
            foreach (NpgsqlParameter parameter in command.Parameters)
            {
                explain.Parameters.Add(parameter.Clone());
            }
            var lines = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    lines.Add(reader.GetString(0));
                }
            }
            Plans.Add(command.CommandText + "\n" + string.Join("\n", lines));
            return result;
        }
    }
}
