using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Bulk;

/// <summary>
/// The progress of the bulk action this request runs, kept in <c>crm_bulk_runs</c> so the confirmation page can show it
/// while the request works (from any site process). Scoped: a page starts a run; the slice loops it calls (stage and
/// owner changes, tags, do-not-contact marks, field values, erasures) report each finished slice here, and report
/// nothing when no run was started (an import's slices, a single contact). A report is written at most twice a second,
/// after its slice committed, never inside one.
/// </summary>
internal sealed class BulkRunProgress(CrmDbContext db, TimeProvider time)
{
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";

    /// <summary>How long a running run may go without reporting before it reads as stopped (its process ended).</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan ReportEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);

    private BulkRun? _run;
    private DateTime _reported;

    /// <summary>A run id as the confirmation page makes them: 32 lower-case hexadecimal digits.</summary>
    public static bool IsRunId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    public static string NewRunId() => Guid.NewGuid().ToString("N");

    /// <summary>Starts the run <paramref name="id"/> (a fresh one when it is not a run id, or was used before).</summary>
    public async Task StartAsync(string tenantId, string? id, string actor, string action, int total, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        db.RequireTenant(tenantId);
        // Runs older than a week go as new ones start: the table stays the size of a week's bulk actions.
        var before = now - KeptFor;
        await db.BulkRuns.Where(r => r.UpdatedAt < before).ExecuteDeleteAsync(cancellationToken);
        if (!IsRunId(id) || await db.BulkRuns.AnyAsync(r => r.Id == id, cancellationToken))
        {
            id = NewRunId();
        }
        _run = new BulkRun
        {
            TenantId = tenantId, Id = id!, Action = action, Total = total, State = Running, StartedBy = actor, StartedAt = now, UpdatedAt = now,
        };
        db.BulkRuns.Add(_run);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(_run).State = EntityState.Detached;
        _reported = now;
    }

    /// <summary>A slice of <paramref name="contacts"/> finished (and committed).</summary>
    public async Task SliceDoneAsync(int contacts, CancellationToken cancellationToken)
    {
        if (_run is null)
        {
            return;
        }
        _run.Done = Math.Min(_run.Total, _run.Done + contacts);
        var now = time.GetUtcNow().UtcDateTime;
        if (now - _reported >= ReportEvery)
        {
            await WriteAsync(Running, null, now, cancellationToken);
        }
    }

    /// <summary>The run ended: its outcome in words, as the list shows it.</summary>
    public async Task FinishAsync(string message, bool failed = false)
    {
        if (_run is null)
        {
            return;
        }
        if (!failed)
        {
            _run.Done = _run.Total;
        }
        // Written even when the request was abandoned: the run is over either way.
        await WriteAsync(failed ? Failed : Done, message, time.GetUtcNow().UtcDateTime, CancellationToken.None);
        _run = null;
    }

    private async Task WriteAsync(string state, string? message, DateTime now, CancellationToken cancellationToken)
    {
        var (id, done) = (_run!.Id, _run.Done);
        await db.BulkRuns.Where(r => r.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Done, done).SetProperty(r => r.State, state).SetProperty(r => r.Message, message).SetProperty(r => r.UpdatedAt, now),
            cancellationToken);
        _reported = now;
    }

    /// <summary>A run as its page asks after it; one that stopped reporting reads as failed (its process ended).</summary>
    public async Task<BulkRun?> ReadAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var run = await db.InTenant(tenantId).BulkRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is { State: Running } && time.GetUtcNow().UtcDateTime - run.UpdatedAt > Silence)
        {
            run.State = Failed;
            run.Message = $"Stopped after {run.Done:N0} of {run.Total:N0}: the site process running it ended. Those done stay done; run it again for the rest.";
        }
        return run;
    }
}
