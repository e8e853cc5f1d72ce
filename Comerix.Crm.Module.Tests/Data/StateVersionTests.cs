using Comerix.Crm.Data;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Tests.Data;

/// <summary>
/// Any write to a table of cached state moves that state's version for its tenant, even plain SQL that no code of
/// ours ran (the triggers), and a process asks for versions at most once per interval.
/// </summary>
public sealed class StateVersionTests
{
    [Fact]
    public Task OnSqliteAnyWriteMovesTheVersionOfItsTenantOnly() => AnyWriteMovesTheVersionOfItsTenantOnlyAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresAnyWriteMovesTheVersionOfItsTenantOnly() => AnyWriteMovesTheVersionOfItsTenantOnlyAsync(CrmDatabaseProviders.Postgres);

    private static async Task AnyWriteMovesTheVersionOfItsTenantOnlyAsync(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var versions = new CrmStateVersions(database.Database, TimeSpan.Zero, TimeProvider.System);
        var slow = new CrmStateVersions(database.Database, TimeSpan.FromHours(1), TimeProvider.System);
        Assert.Equal(0, await versions.CurrentAsync("acme", CrmStates.Suppressions));
        Assert.Equal(0, await slow.CurrentAsync("acme", CrmStates.Suppressions));

        await ExecuteAsync(database, "INSERT INTO crm_suppressions (tenant_id, hash, created_at) VALUES ('acme', 'h1', CURRENT_TIMESTAMP)");
        var added = await versions.CurrentAsync("acme", CrmStates.Suppressions);
        Assert.True(added > 0);
        Assert.Equal(0, await versions.CurrentAsync("other", CrmStates.Suppressions));
        Assert.Equal(0, await versions.CurrentAsync("acme", CrmStates.IdentityRules));

        await ExecuteAsync(database, "DELETE FROM crm_suppressions WHERE tenant_id = 'acme'");
        Assert.True(await versions.CurrentAsync("acme", CrmStates.Suppressions) > added);

        // The process that asked an hour's interval ago has not asked again.
        Assert.Equal(0, await slow.CurrentAsync("acme", CrmStates.Suppressions));
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var db = database.Db();
        await db.Database.ExecuteSqlRawAsync(sql);
    }
}
