using Comerix.Crm.Tests.Infrastructure;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Comerix.Crm.Tests.Data;

/// <summary>
/// The schema stays distributable by tenant (Citus, docs/scaling.md): in the database both migration sets build (the
/// CRM's, then the site's; SQLite's schema comes from the same migrations), every primary key, unique constraint,
/// unique index and foreign key of a tenant's table leads with <c>tenant_id</c>, on both of a foreign key's ends, and
/// every <c>tenant_id</c> has the one type. That is what lets Citus keep all of a tenant's rows on one node and
/// enforce uniqueness and references there. The tables that are not a tenant's are named here, each with why.
/// </summary>
public sealed class DistributableSchemaTests
{
    /// <summary>Tables kept whole on every node (Citus reference tables, or not distributed at all), and why.</summary>
    private static readonly Dictionary<string, string> NotDistributedByTenant = new()
    {
        ["__EFMigrationsHistory"] = "the CRM's migrations history: the schema's version, one for the whole database",
        ["__site_migrations"] = "the site's migrations history: the schema's version, one for the whole database",
        ["crm_data_protection_keys"] = "the key ring that signs every tenant's sign-in cookies: the site's, not a tenant's",
        ["crm_site_processes"] = "the site processes serving the database (heartbeats): the site's, not a tenant's",
        ["site_tenants"] = "the tenants themselves: read to find a request's tenant before there is one",
        // ASP.NET Core Identity keys users, roles and their claims, logins and tokens by a global id; they are a
        // tenant's staff accounts (a handful per tenant, each row naming its tenant), not its customers: small enough
        // to be copied to every node.
        ["site_users"] = "staff accounts, keyed by Identity's global user id",
        ["site_roles"] = "staff roles, keyed by Identity's global role id",
        ["site_user_roles"] = "Identity's user-role pairs, by global ids",
        ["site_user_claims"] = "Identity's user claims, by global ids",
        ["site_user_logins"] = "Identity's external logins, by provider key",
        ["site_user_tokens"] = "Identity's user tokens, by global user id",
        ["site_role_claims"] = "Identity's role claims, by global ids",
    };

    [PostgresFact]
    public async Task EveryKeyUniqueIndexAndForeignKeyOfATenantsTableLeadsWithTheTenant()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        var connectionString = database.Options.ConnectionString!;
        await using (var site = new SiteDbContext(new DbContextOptionsBuilder<SiteDbContext>()
            .UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__site_migrations")).Options, new CurrentTenant()))
        {
            await site.Database.MigrateAsync();
        }
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        var tables = await ReadAsync(connection, "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'");
        var distributed = tables.Where(t => !NotDistributedByTenant.ContainsKey(t)).ToList();
        var failures = new List<string>();
        foreach (var row in await ReadAsync(connection, LeadingColumnsSql))
        {
            var (table, what, first, referenced) = (row.Split('|')[0], row.Split('|')[1], row.Split('|')[2], row.Split('|')[3]);
            if (distributed.Contains(table) && (first != "tenant_id" || referenced is not ("" or "tenant_id")))
            {
                failures.Add($"{table}: {what} leads with {first}{(referenced == "" ? "" : $", references {referenced}")}");
            }
        }
        var types = await ReadAsync(connection,
            "SELECT table_name || '|' || data_type FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id'");
        failures.AddRange(distributed.Where(t => !types.Any(r => r.StartsWith(t + "|", StringComparison.Ordinal))).Select(t => $"{t}: no tenant_id column"));
        failures.AddRange(types.Where(r => distributed.Contains(r.Split('|')[0]) && r.Split('|')[1] != "text").Select(r => $"{r}: tenant_id is not text"));

        Assert.Empty(failures);
        // The list of exceptions names real tables only, so a renamed table cannot slip out of the check through it.
        Assert.Empty(NotDistributedByTenant.Keys.Except(tables));
        Assert.Contains("crm_contacts", distributed);
        Assert.Contains("site_role_permissions", distributed);
    }

    /// <summary>table|constraint or index|its first column|the first column it references (foreign keys), one row each.</summary>
    private const string LeadingColumnsSql = """
        SELECT (SELECT relname::text FROM pg_class WHERE oid = c.conrelid) || '|' || c.contype::text || ' ' || c.conname::text || '|'
               || (SELECT attname FROM pg_attribute WHERE attrelid = c.conrelid AND attnum = c.conkey[1]) || '|'
               || coalesce((SELECT attname FROM pg_attribute WHERE attrelid = c.confrelid AND attnum = c.confkey[1]), '')
          FROM pg_constraint c
         WHERE c.connamespace = 'public'::regnamespace AND c.contype IN ('p', 'u', 'f')
        UNION ALL
        SELECT t.relname::text || '|unique index ' || (SELECT relname FROM pg_class WHERE oid = i.indexrelid) || '|'
               || coalesce((SELECT attname FROM pg_attribute WHERE attrelid = i.indrelid AND attnum = i.indkey[0]), 'an expression') || '|'
          FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
         WHERE t.relnamespace = 'public'::regnamespace AND i.indisunique AND NOT i.indisprimary
        """;

    private static async Task<List<string>> ReadAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
