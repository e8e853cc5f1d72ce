namespace Comerix.Crm.Data;

/// <summary>
/// A one-time data step (a re-key, a conversion, a backfill) run after the schema is up to date. Register it as a
/// singleton <see cref="ICrmDataStep"/>; <see cref="CrmDataSteps"/> runs them in registration order. A step records
/// itself in <c>crm_data_steps</c> (<see cref="DataStep"/>) when done, so a later start costs one query, and is
/// idempotent, because two servers may start at once and a crash before the record repeats the work.
/// </summary>
public interface ICrmDataStep
{
    Task RunAsync(CancellationToken cancellationToken);
}
