using Comerix.Crm.Data;
using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// A caller that gives up (a request aborted, the host stopping) stops its transaction's SQL: the next statement the
/// unit of work sends throws, the transaction rolls back, and nothing of it is kept.
/// </summary>
public sealed class CancellationReachesSqlTests
{
    [Fact]
    public Task OnSqliteAUnitOfWorkCancelledHalfWayKeepsNothing() => CancelHalfWayAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task OnPostgresAUnitOfWorkCancelledHalfWayKeepsNothing() => CancelHalfWayAsync(CrmDatabaseProviders.Postgres);

    private static async Task CancelHalfWayAsync(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var ada = (await db.Engine.IngestAsync("Default", Form("f1", Day1, Email("ada@example.com")))).ContactId!.Value;
        using var giveUp = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.Admin.RunAsync("Default", async uow =>
        {
            var contact = await uow.LoadLiveContactAsync(ada);
            contact.DisplayName = "Half-way";
            uow.MarkChanged(contact);
            giveUp.Cancel();
            return await uow.FindEventAsync("not-read-before"); // a statement sent after the caller gave up
        }, giveUp.Token));

        Assert.Null((await db.ContactAsync(ada)).DisplayName);
        // The engine goes on as before with a token nobody cancelled.
        var next = await db.Engine.IngestAsync("Default", Form("f2", Day1, Email("ada@example.com")));
        Assert.Equal(ada, next.ContactId);
    }
}
