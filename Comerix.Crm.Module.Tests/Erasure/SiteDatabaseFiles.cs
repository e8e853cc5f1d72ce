using Comerix.Crm.Data;
using Comerix.Crm.Tests.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Erasure;

/// <summary>The files a site's SQLite CRM database lives in, for tests that read them as raw bytes.</summary>
internal static class SiteDatabaseFiles
{
    public static IEnumerable<string> CrmDatabaseFiles(this SiteFactory site)
    {
        var file = Path.Combine(site.DataDirectory, "comerix-crm.db");
        return [file, file + "-wal", file + "-shm"];
    }

    /// <summary>Before an erasure: the WAL's pages copied into the main file, so a scan sees both copies.</summary>
    public static async Task CheckpointCrmDatabaseAsync(this SiteFactory site)
    {
        await using var scope = await site.TenantScopeAsync("Default");
        await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE)");
    }
}
