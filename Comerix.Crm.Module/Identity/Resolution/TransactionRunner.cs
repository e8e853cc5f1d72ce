namespace Comerix.Crm.Identity.Resolution;

/// <summary>
/// Runs work in a unit of work and retries it from scratch when it lost a race. This is how concurrency is made
/// safe across processes: the database (unique index, row locks) decides who wins, the loser runs again and
/// now sees the winner's rows.
/// </summary>
internal sealed class TransactionRunner(IIdentityStore store, IdentityResolutionOptions options)
{
    public async Task<T> RunAsync<T>(string tenantId, Func<IIdentityUnitOfWork, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var uow = await store.BeginAsync(tenantId, cancellationToken);
                var result = await work(uow);
                await uow.CommitAsync();
                return result;
            }
            catch (Exception ex) when (attempt < options.MaxConflictRetries && store.IsConflict(ex))
            {
                // Jittered back-off so two losers of the same race don't collide again in lock-step.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt + 5), cancellationToken);
            }
        }
    }
}
