using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Resolution;

/// <summary>
/// Runs work in a unit of work and retries it from scratch when it lost a race. This is how concurrency is made
/// safe across processes: the database (unique index, row locks) decides who wins, the loser runs again and
/// now sees the winner's rows. Serves the engine's units of work and the module's admin ones alike.
/// </summary>
internal sealed class TransactionRunner(IdentityResolutionOptions options, ILogger logger)
{
    /// <param name="journal">What the work records to be logged; cleared before each attempt, logged once the unit commits.</param>
    public async Task<T> RunAsync<TUnit, T>(IUnitOfWorkSource<TUnit> source, string tenantId, Func<TUnit, Task<T>> work,
        CancellationToken cancellationToken, UnitOfWorkJournal? journal = null)
        where TUnit : IIdentityUnitOfWork
    {
        for (var attempt = 1; ; attempt++)
        {
            journal?.Clear();
            try
            {
                await using var uow = await source.BeginAsync(tenantId, cancellationToken);
                var result = await work(uow);
                await uow.CommitAsync();
                journal?.Log(logger, tenantId);
                return result;
            }
            catch (Exception ex) when (source.IsConflict(ex) && LogConflict(tenantId, ex, attempt))
            {
                // Jittered back-off so two losers of the same race don't collide again in lock-step.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt + 5), cancellationToken);
            }
        }
    }

    /// <summary>Logs the lost race; true while another attempt is allowed (the filter then catches it).</summary>
    private bool LogConflict(string tenantId, Exception exception, int attempt)
    {
        if (attempt < options.MaxConflictRetries)
        {
#pragma warning disable CA1873 // GetType().Name reads a cached name; a retry is rare next to the work it repeats.
            IdentityLog.TransactionRetried(logger, tenantId, exception.GetType().Name, attempt, options.MaxConflictRetries);
#pragma warning restore CA1873
            return true;
        }
        IdentityLog.TransactionRetriesExhausted(logger, tenantId, exception.GetType().Name, options.MaxConflictRetries);
        return false;
    }
}
