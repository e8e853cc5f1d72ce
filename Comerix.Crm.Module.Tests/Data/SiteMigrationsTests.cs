using Comerix.Crm.Tests.Infrastructure;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Tests.Data;

/// <summary>SiteHost's hand-written migration (tenants, Identity, grants, demo stores) builds exactly its model's schema.</summary>
public sealed class SiteMigrationsTests
{
    [Fact]
    public async Task OnSqliteTheSiteMigrationBuildsExactlyTheModelSchema()
    {
        // The site migrates the CRM's tables first (its grant triggers and permission migrations write the CRM's
        // crm_state_versions), so the site's migrations run here on a database the CRM's migrations made.
        await using var crm = await TestDatabase.CreateSqliteAsync();
        var migrated = Path.Combine(crm.Options.DataDirectory, "comerix-crm.db");
        var directory = Path.Combine(Path.GetTempPath(), "comerix-site-schema-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var fromModel = Path.Combine(directory, "model.db");
        await using (var db = Sqlite(migrated))
        {
            await db.Database.MigrateAsync();
        }
        await using (var db = Sqlite(fromModel))
        {
            await db.Database.EnsureCreatedAsync();
        }
        Assert.Equal(MigrationsTests.SqliteSchema(fromModel, "site_"), MigrationsTests.SqliteSchema(migrated, "site_"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [PostgresFact]
    public async Task OnPostgresTheSiteMigrationBuildsExactlyTheModelSchema()
    {
        await using var migrated = await TestDatabase.CreatePostgresAsync();
        await using var fromModel = await TestDatabase.CreatePostgresAsync();
        await using (var db = Postgres(migrated.Options.ConnectionString!))
        {
            await db.Database.MigrateAsync();
        }
        await using (var db = Postgres(fromModel.Options.ConnectionString!))
        {
            await db.Database.EnsureDeletedAsync();
            await db.Database.EnsureCreatedAsync();
        }
        Assert.Equal(
            await MigrationsTests.PostgresSchemaAsync(fromModel.Options.ConnectionString!, "site_"),
            await MigrationsTests.PostgresSchemaAsync(migrated.Options.ConnectionString!, "site_"));
    }

    private static SiteDbContext Sqlite(string file) =>
        new(new DbContextOptionsBuilder<SiteDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options, new CurrentTenant());

    private static SiteDbContext Postgres(string connectionString) =>
        new(new DbContextOptionsBuilder<SiteDbContext>().UseNpgsql(connectionString).Options, new CurrentTenant());
}
