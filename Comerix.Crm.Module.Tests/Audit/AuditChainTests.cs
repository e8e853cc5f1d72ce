using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Tests.Audit;

/// <summary>
/// The audit log is a keyed hash chain: each kind of tampering is caught at the entry where it happened, the
/// database refuses to change or delete entries, and concurrent writers never fork the chain. Each tamper case
/// runs on its own tenant's chain; tampering first switches the append-only triggers off, as an attacker with
/// the database's owner rights could.
/// </summary>
public sealed class AuditChainTests
{
    [Fact]
    public Task OnSqliteEveryKindOfTamperingIsFoundWhereItHappened() => EveryKindOfTamperingIsFoundAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresEveryKindOfTamperingIsFoundWhereItHappened() => EveryKindOfTamperingIsFoundAsync(CrmDatabaseProviders.Postgres);

    [Fact]
    public Task OnSqliteTheDatabaseRefusesToChangeOrDeleteEntries() => TheDatabaseRefusesAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresTheDatabaseRefusesToChangeOrDeleteEntries() => TheDatabaseRefusesAsync(CrmDatabaseProviders.Postgres);

    [Fact]
    public Task OnSqliteFiftyConcurrentWritersNeverForkTheChain() => FiftyWritersAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresFiftyConcurrentWritersNeverForkTheChain() => FiftyWritersAsync(CrmDatabaseProviders.Postgres);

    private static async Task EveryKindOfTamperingIsFoundAsync(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        foreach (var tenant in new[] { "intact", "flip", "delete", "swap", "forge-end", "forge-middle", "cut", "cut-and-hide" })
        {
            await AppendAsync(db, tenant, 10);
        }
        var checkpoint = await VerifyAsync(db, "cut-and-hide");
        Assert.True(checkpoint.Ok);
        var recorded = new AuditCheckpoint(checkpoint.Count, checkpoint.HeadHash);

        await TamperAsync(db, """
            UPDATE crm_audit_entries SET details_json = replace(details_json, '"n":5', '"n":6') WHERE tenant_id = 'flip' AND sequence = 5;
            """);
        await TamperAsync(db, "DELETE FROM crm_audit_entries WHERE tenant_id = 'delete' AND sequence = 4;");
        await TamperAsync(db, """
            UPDATE crm_audit_entries SET sequence = -3 WHERE tenant_id = 'swap' AND sequence = 3;
            UPDATE crm_audit_entries SET sequence = 3 WHERE tenant_id = 'swap' AND sequence = 6;
            UPDATE crm_audit_entries SET sequence = 6 WHERE tenant_id = 'swap' AND sequence = -3;
            """);
        // A forged entry at the end, chained to the real last hash and announced by the head, but hashed without the key.
        var last = await db.QueryAsync(ctx => ctx.AuditEntries.SingleAsync(e => e.TenantId == "forge-end" && e.Sequence == 10));
        var forger = AuditSigner.Ephemeral();
        var forged = forger.Hash("forge-end", 11, last.At, "system", AuditActions.ContactErased, "{}", last.Hash);
        await TamperAsync(db, $"""
            INSERT INTO crm_audit_entries (tenant_id, sequence, at, actor, action, details_json, previous_hash, hash)
            SELECT tenant_id, 11, at, 'system', '{AuditActions.ContactErased}', '{"{}"}', hash, '{forged}' FROM crm_audit_entries WHERE tenant_id = 'forge-end' AND sequence = 10;
            UPDATE crm_audit_heads SET last_sequence = 11, last_hash = '{forged}' WHERE tenant_id = 'forge-end';
            """);
        // A forged entry in the middle: the later entries renumbered to make room.
        for (var sequence = 10; sequence >= 6; sequence--)
        {
            await TamperAsync(db, $"UPDATE crm_audit_entries SET sequence = {sequence + 1} WHERE tenant_id = 'forge-middle' AND sequence = {sequence};");
        }
        await TamperAsync(db, """
            INSERT INTO crm_audit_entries (tenant_id, sequence, at, actor, action, details_json, previous_hash, hash)
            SELECT tenant_id, 6, at, actor, action, details_json, hash, hash FROM crm_audit_entries WHERE tenant_id = 'forge-middle' AND sequence = 5;
            UPDATE crm_audit_heads SET last_sequence = 11 WHERE tenant_id = 'forge-middle';
            """);
        await TamperAsync(db, "DELETE FROM crm_audit_entries WHERE tenant_id = 'cut' AND sequence > 7;");
        // Cut off, and the head rewritten to match: only a checkpoint kept elsewhere can tell.
        await TamperAsync(db, """
            DELETE FROM crm_audit_entries WHERE tenant_id = 'cut-and-hide' AND sequence > 7;
            UPDATE crm_audit_heads SET last_sequence = 7, last_hash = (SELECT hash FROM crm_audit_entries WHERE tenant_id = 'cut-and-hide' AND sequence = 7) WHERE tenant_id = 'cut-and-hide';
            """);

        Assert.True((await VerifyAsync(db, "intact")).Ok);
        AssertBroken(await VerifyAsync(db, "flip"), 5, "does not match its hash");
        AssertBroken(await VerifyAsync(db, "delete"), 4, "entry 4 is missing");
        AssertBroken(await VerifyAsync(db, "swap"), 3, "does not follow entry 2");
        AssertBroken(await VerifyAsync(db, "forge-end"), 11, "does not match its hash");
        AssertBroken(await VerifyAsync(db, "forge-middle"), 6, "does not match its hash");
        AssertBroken(await VerifyAsync(db, "cut"), 8, "entries were cut off");
        Assert.True((await VerifyAsync(db, "cut-and-hide")).Ok);
        AssertBroken(await VerifyAsync(db, "cut-and-hide", recorded), 8, "the checkpoint recorded 10 entries; the log now has 7");
    }

    private static async Task TheDatabaseRefusesAsync(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await AppendAsync(db, "Default", 3);
        await using var ctx = db.Db();
        foreach (var sql in new[]
        {
            "UPDATE crm_audit_entries SET actor = 'someone else' WHERE sequence = 2",
            "DELETE FROM crm_audit_entries WHERE sequence = 3",
            provider == CrmDatabaseProviders.Postgres ? "TRUNCATE crm_audit_entries" : "DELETE FROM crm_audit_entries",
        })
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => ctx.Database.ExecuteSqlRawAsync(sql));
            Assert.Contains("append-only", error.Message);
        }
        Assert.True((await VerifyAsync(db, "Default")).Ok);
        Assert.Equal(3, (await VerifyAsync(db, "Default")).Count);
    }

    private static async Task FiftyWritersAsync(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            new AuditLog(db.NewAdmin()).AppendAsync("Default", $"writer-{i}", AuditActions.ReviewRejected, new { n = i }))));
        var result = await VerifyAsync(db, "Default");
        Assert.True(result.Ok, result.Problem);
        Assert.Equal(50, result.Count);
        var actors = await db.QueryAsync(ctx => ctx.AuditEntries.Select(e => e.Actor).ToListAsync());
        Assert.Equal(50, actors.Distinct().Count());
    }

    private static async Task AppendAsync(TestDatabase db, string tenant, int count)
    {
        var log = new AuditLog(db.Admin);
        for (var n = 1; n <= count; n++)
        {
            await log.AppendAsync(tenant, "admin@site.test", AuditActions.ContactMerged, new { n });
        }
    }

    private static async Task<AuditVerification> VerifyAsync(TestDatabase db, string tenant, AuditCheckpoint? checkpoint = null)
    {
        await using var ctx = db.Database.CreateDbContext(tenant);
        return await new AuditVerifier(ctx, db.Signer).VerifyAsync(tenant, checkpoint);
    }

    private static void AssertBroken(AuditVerification result, long at, string problem)
    {
        Assert.False(result.Ok);
        Assert.Equal(at, result.BrokenAt);
        Assert.Contains(problem, result.Problem);
    }

    private static async Task TamperAsync(TestDatabase db, string sql)
    {
        await using var ctx = db.Db();
        var (off, on) = db.Provider == CrmDatabaseProviders.Postgres
            ? ("ALTER TABLE crm_audit_entries DISABLE TRIGGER USER;", "ALTER TABLE crm_audit_entries ENABLE TRIGGER USER;")
            : ("DROP TRIGGER crm_audit_entries_no_update; DROP TRIGGER crm_audit_entries_no_delete;",
               "CREATE TRIGGER crm_audit_entries_no_update BEFORE UPDATE ON crm_audit_entries BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END; " +
               "CREATE TRIGGER crm_audit_entries_no_delete BEFORE DELETE ON crm_audit_entries BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;");
        await ctx.Database.OpenConnectionAsync();
        await using var command = ctx.Database.GetDbConnection().CreateCommand();
        command.CommandText = off + sql + on;
        await command.ExecuteNonQueryAsync();
    }
}
