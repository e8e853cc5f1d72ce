using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Erasure;
using Comerix.Crm.Import;
using Comerix.Crm.Matching;
using Comerix.Crm.Tests.Infrastructure;
using Comerix.Crm.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Tests.Data;

/// <summary>
/// Issue 17 item 1: the closed states are enums, stored as the words the columns held when they were strings. Each
/// enum's codes are written out here, so a renamed member or code that would orphan stored rows fails; a code no
/// version wrote (a row from elsewhere) fails on read with a message that names it, on both providers.
/// </summary>
public sealed class StateCodeTests
{
    [Fact]
    public void Every_state_reads_back_from_the_word_stored_for_it()
    {
        Assert.Equal(["live", "merged"], RoundTrip<ContactState>(s => s.ToCode(), ContactStateCodes.FromCode));
        Assert.Equal(["pending", "approved", "rejected"], RoundTrip<MergeReviewStatus>(s => s.ToCode(), MergeReviewStatusCodes.FromCode));
        Assert.Equal(["partial", "completed"], RoundTrip<ErasureStatus>(s => s.ToCode(), ErasureStatusCodes.FromCode));
        Assert.Equal(["uploaded", "running", "completed"], RoundTrip<ImportStatus>(s => s.ToCode(), ImportStatusCodes.FromCode));
        Assert.Equal(["pending", "delivered", "failed"], RoundTrip<WebhookDeliveryStatus>(s => s.ToCode(), WebhookDeliveryStatusCodes.FromCode));
        Assert.Equal(["healthy", "failing"], RoundTrip<WebhookEndpointState>(s => s.ToCode(), WebhookEndpointStateCodes.FromCode));
    }

    [Fact]
    public void An_unknown_stored_code_fails_naming_the_code_and_the_known_ones()
    {
        Assert.Equal("Unknown contact state \"archived\" read from storage; the known codes are live, merged.",
            Assert.Throws<InvalidDataException>(() => ContactStateCodes.FromCode("archived")).Message);
        Assert.Contains("\"Pending\"", Assert.Throws<InvalidDataException>(() => MergeReviewStatusCodes.FromCode("Pending")).Message);
        Assert.Contains("\"\"", Assert.Throws<InvalidDataException>(() => ErasureStatusCodes.FromCode("")).Message);
        Assert.Contains("\"paused\"", Assert.Throws<InvalidDataException>(() => ImportStatusCodes.FromCode("paused")).Message);
        Assert.Contains("\"bounced\"", Assert.Throws<InvalidDataException>(() => WebhookDeliveryStatusCodes.FromCode("bounced")).Message);
        Assert.Contains("\"disabled\"", Assert.Throws<InvalidDataException>(() => WebhookEndpointStateCodes.FromCode("disabled")).Message);
        // A number cast to the enum has no code: nothing is written for it.
        Assert.Throws<ArgumentOutOfRangeException>(() => ((ContactState)7).ToCode());
    }

    [Fact]
    public Task On_sqlite_the_columns_hold_the_codes_and_an_unknown_one_is_named_on_read() =>
        StoredCodesAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task On_postgres_the_columns_hold_the_codes_and_an_unknown_one_is_named_on_read() =>
        StoredCodesAsync(CrmDatabaseProviders.Postgres);

    private static async Task StoredCodesAsync(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.QueryAsync(async db =>
        {
            db.ErasureRequests.Add(new ErasureRequest { TenantId = "Default", ContactId = 41, RequestedBy = "test", Status = ErasureStatus.Completed });
            db.ErasureRequests.Add(new ErasureRequest { TenantId = "Default", ContactId = 42, RequestedBy = "test" });
            return await db.SaveChangesAsync();
        });

        // What EF wrote is the word, and a LINQ filter on the enum is translated to it.
        Assert.Equal(["completed", "partial"], await database.QueryAsync(db =>
            db.Database.SqlQueryRaw<string>("SELECT status AS \"Value\" FROM crm_erasure_requests ORDER BY contact_id").ToListAsync()));
        Assert.Equal([42L], await database.QueryAsync(db =>
            db.ErasureRequests.IgnoreQueryFilters().Where(r => r.Status == ErasureStatus.Partial).Select(r => r.ContactId).ToListAsync()));

        await database.QueryAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE crm_erasure_requests SET status = 'paused' WHERE contact_id = 42"));
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => database.QueryAsync(db =>
            db.ErasureRequests.IgnoreQueryFilters().AsNoTracking().Where(r => r.ContactId == 42).ToListAsync()));
        Assert.Contains("Unknown erasure status \"paused\" read from storage; the known codes are partial, completed.", Messages(failure));
    }

    private static string[] RoundTrip<TState>(Func<TState, string> toCode, Func<string, TState> fromCode) where TState : struct, Enum
    {
        var states = Enum.GetValues<TState>();
        Assert.Equal(states, states.Select(s => fromCode(toCode(s))));
        return states.Select(toCode).ToArray();
    }

    private static string Messages(Exception exception) =>
        exception.InnerException is { } inner ? exception.Message + " | " + Messages(inner) : exception.Message;
}
