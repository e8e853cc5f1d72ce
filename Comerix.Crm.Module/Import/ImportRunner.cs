using System.Text.Json;
using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Import;

/// <summary>
/// Imports started CSV files in the background, in slices of <see cref="SliceRows"/> rows, each slice one engine
/// batch followed by the job's progress. After a crash or restart a running job resumes where its progress says;
/// rows already stored come back as duplicates of their own event ids and change nothing. When a job completes its
/// file is deleted. Unstarted uploads are dropped after <see cref="UnstartedLifetime"/>, so no file of personal data
/// lies around.
/// </summary>
internal sealed class ImportRunner(IServiceScopeFactory scopes, ILogger<ImportRunner> logger, TimeProvider time) : BackgroundService
{
    public const int SliceRows = 500;
    public const int MaxStoredErrors = 1_000;
    public static readonly TimeSpan UnstartedLifetime = TimeSpan.FromHours(24);
    /// <summary>How long the report keeps the cells of its rows after the import finished: as long as an unstarted file.</summary>
    public static readonly TimeSpan ReportCellsLifetime = UnstartedLifetime;

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>A job was started: look now rather than at the next poll.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken: the runner looks once for every job that is running.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Wait first: at start-up the database may still be migrating. A started job wakes the runner at once;
            // a job left running by a restart is resumed on the first tick.
            await _wake.WaitAsync(TimeSpan.FromSeconds(10), stoppingToken);
            try
            {
                await RunPendingAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ImportLog.RoundFailed(logger, ex.GetType().Name);
            }
        }
    }

    /// <summary>Runs every started job to its end, and drops expired uploads.</summary>
    public async Task RunPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var expiry = Timestamps.Normalize(time.GetUtcNow() - UnstartedLifetime);
        // The runner serves every tenant: it finds expired uploads and running jobs across tenants, then scopes the
        // context to each job's tenant before running it.
        await db.ImportJobs.IgnoreQueryFilters([CrmDbContext.TenantFilter]).Where(j => j.Status == ImportStatus.Uploaded && j.CreatedAt < expiry).ExecuteDeleteAsync(cancellationToken);
        await DropExpiredReportCellsAsync(db, cancellationToken);
        var running = await db.ImportJobs.AsNoTracking().IgnoreQueryFilters([CrmDbContext.TenantFilter]).Where(j => j.Status == ImportStatus.Running)
            .OrderBy(j => j.StartedAt).Select(j => new { j.TenantId, j.Id }).ToListAsync(cancellationToken);
        foreach (var job in running)
        {
            try
            {
                await RunAsync(scope.ServiceProvider, job.TenantId, job.Id, cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                ImportLog.RunElsewhere(logger, job.Id);
                scope.ServiceProvider.GetRequiredService<CrmDbContext>().ChangeTracker.Clear();
            }
        }
    }

    private async Task RunAsync(IServiceProvider services, string tenantId, string id, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CrmDbContext>();
        // The tagger and the do-not-contact list below share this scope's context: all of them read this tenant.
        db.ScopeTo(tenantId);
        var engine = services.GetRequiredService<IdentityEngine>();
        var mapper = services.GetRequiredService<ImportRowMapper>();
        var job = await db.ImportJobs.SingleAsync(j => j.Id == id, cancellationToken);
        var header = ImportService.Header(job);
        var mapping = ImportService.Mapping(job);
        var errors = ImportService.Errors(job).ToList();
        var at = new DateTimeOffset(job.StartedAt ?? job.CreatedAt, TimeSpan.Zero);

        foreach (var slice in ImportCsv.DataRows(job.Content ?? "").Skip(job.Processed).Chunk(SliceRows))
        {
            var cells = slice.ToDictionary(r => r.Row, r => (IReadOnlyList<string>)r.Values);
            // The fields of this moment: a field deleted during a long import fails its rows' cells by name from then on.
            var targets = await ImportTargets.LoadAsync(services.GetRequiredService<Contacts.Fields.CustomFieldDefinitions>(),
                services.GetRequiredService<Contacts.Work.LifecycleStages>(), services.GetRequiredService<Contacts.Work.ContactOwners>(), tenantId, cancellationToken);
            var rows = slice.Select(r => mapper.Map(job, header, mapping, r.Row, r.Values, at, targets)).ToList();
            var valid = rows.Where(r => r.Event is not null).ToList();
            var results = valid.Count == 0 ? [] : await engine.IngestBatchAsync(tenantId, valid.Select(r => r.Event!).ToList(), cancellationToken);
            var failures = rows.Where(r => r.Error is not null).Select(r => new ImportError(r.Row, r.Error!, cells[r.Row])).ToList();
            var partial = new List<ImportError>();
            for (var i = 0; i < results.Count; i++)
            {
                var failed = failures.Count;
                Count(job, results[i].Outcome, valid[i].Row, failures);
                // A duplicate is a row stored before a restart whose report entry was not: it is listed now.
                if (failures.Count == failed && valid[i].Dropped is { } dropped)
                {
                    partial.Add(new ImportError(valid[i].Row, dropped, cells[valid[i].Row], Imported: true));
                }
            }
            await ApplyTagsMarksAndFieldsAsync(services, tenantId, job, valid, results, cancellationToken);
            await ApplyStagesAndOwnersAsync(services, tenantId, job, valid, results, cancellationToken);
            job.Failed += failures.Count;
            errors.AddRange(failures.Concat(partial).OrderBy(f => f.Row).Take(Math.Max(0, MaxStoredErrors - errors.Count)));
            job.ErrorsJson = JsonSerializer.Serialize(errors);
            job.Processed += slice.Length;
            await db.SaveChangesAsync(cancellationToken);
        }

        job.Status = ImportStatus.Completed;
        job.Content = null;
        job.FinishedAt = Timestamps.Normalize(time.GetUtcNow());
        // import.completed commits with the job's end: a crash cannot end the job without it, or send it twice.
        await services.GetRequiredService<Data.Sql.CrmEventTransaction>().RunAsync(db, tenantId, async () =>
        {
            await db.SaveChangesAsync(cancellationToken);
            return (true, (IReadOnlyList<Notifications.CrmNotification>)[new Notifications.ImportCompleted(tenantId, job.Id, job.TotalRows, job.Created, job.Attached,
                job.Merged, job.QueuedForReview, job.Failed)]);
        }, cancellationToken);
        await services.GetRequiredService<AuditLog>().AppendAsync(tenantId, job.CreatedBy, AuditActions.ImportCompleted, new
        {
            importId = job.Id,
            rows = job.TotalRows,
            created = job.Created,
            attached = job.Attached,
            merged = job.Merged,
            queuedForReview = job.QueuedForReview,
            alreadyImported = job.AlreadyImported,
            failed = job.Failed,
        }, cancellationToken);
        ImportLog.Completed(logger, job.Id, tenantId, job.TotalRows, job.Failed);
    }

    /// <summary>
    /// Tags, do-not-contact marks and contact field values go on the contacts the rows resolved to, after the engine has
    /// stored them. Running the same rows again (a resumed import) changes nothing: a tag or mark already there stays as
    /// it is, and a field is set to the same value again.
    /// </summary>
    private static async Task ApplyTagsMarksAndFieldsAsync(IServiceProvider services, string tenantId, ImportJob job,
        IReadOnlyList<ImportRow> rows, IReadOnlyList<IngestResult> results, CancellationToken cancellationToken)
    {
        var resolved = rows.Zip(results).Where(p => p.Second.ContactId is not null).Select(p => (Row: p.First, ContactId: p.Second.ContactId!.Value)).ToList();
        var chosenBy = new { importId = job.Id };
        var bulk = services.GetRequiredService<Contacts.Directory.ContactBulkTagger>();
        var tagged = 0;
        foreach (var tag in resolved.SelectMany(r => (r.Row.Tags ?? []).Select(label => (Label: label, r.ContactId)))
                     .GroupBy(t => Contacts.Directory.ContactTagger.KeyOf(t.Label)))
        {
            tagged += (await bulk.AddAsync(tenantId, tag.Select(t => t.ContactId).ToList(), tag.First().Label, job.CreatedBy, chosenBy: null, cancellationToken)).Tagged;
        }
        if (tagged > 0)
        {
            // One entry for the slice's tags, however many different tags it held.
            await services.GetRequiredService<AuditLog>().AppendAsync(tenantId, job.CreatedBy, AuditActions.ContactsBulkTagged,
                new { tagsAdded = tagged, chosenBy }, cancellationToken);
        }
        var marks = resolved.Where(r => r.Row.DoNotContact is not null).Select(r => (r.ContactId, r.Row.DoNotContact!)).ToList();
        if (marks.Count > 0)
        {
            await services.GetRequiredService<Contacts.Directory.DoNotContactList>().MarkManyAsync(tenantId, marks, job.CreatedBy, chosenBy, cancellationToken);
        }
        // Field values: a later row for the same person and field wins, as it would typed in one after the other.
        var values = resolved.SelectMany(r => (r.Row.Fields ?? new Dictionary<string, string>()).Select(f => (r.ContactId, Key: f.Key, f.Value)))
            .GroupBy(v => (v.ContactId, v.Key)).Select(g => g.Last()).ToList();
        if (values.Count > 0)
        {
            var set = await services.GetRequiredService<Contacts.Fields.ContactFieldEditor>().SetManyAsync(tenantId, values, job.CreatedBy, cancellationToken);
            await services.GetRequiredService<AuditLog>().AppendAsync(tenantId, job.CreatedBy, AuditActions.ContactFieldsChanged,
                new { values = set, fields = values.Select(v => v.Key).Distinct().Order(StringComparer.Ordinal).ToList(), chosenBy }, cancellationToken);
        }
    }

    /// <summary>
    /// Stages and owners go on the contacts the rows resolved to, as in bulk: each contact that changes gets a timeline
    /// row, and the slice one audit entry per stage or owner. A later row for the same person wins.
    /// </summary>
    private static async Task ApplyStagesAndOwnersAsync(IServiceProvider services, string tenantId, ImportJob job,
        IReadOnlyList<ImportRow> rows, IReadOnlyList<IngestResult> results, CancellationToken cancellationToken)
    {
        var resolved = rows.Zip(results).Where(p => p.Second.ContactId is not null).Select(p => (Row: p.First, ContactId: p.Second.ContactId!.Value)).ToList();
        var chosenBy = new { importId = job.Id };
        var stages = services.GetRequiredService<Contacts.Work.ContactStageSetter>();
        foreach (var stage in resolved.Where(r => r.Row.Stage is not null).GroupBy(r => r.ContactId).Select(g => g.Last()).GroupBy(r => r.Row.Stage!))
        {
            await stages.SetAsync(tenantId, stage.Select(r => r.ContactId).ToList(), stage.Key, job.CreatedBy, chosenBy, cancellationToken: cancellationToken);
        }
        var owners = services.GetRequiredService<Contacts.Work.ContactOwners>();
        foreach (var owner in resolved.Where(r => r.Row.Owner is not null).GroupBy(r => r.ContactId).Select(g => g.Last()).GroupBy(r => r.Row.Owner!))
        {
            var contacts = owner.Select(r => r.ContactId).ToList();
            _ = owner.Key == Contacts.Directory.ContactListQuery.Nobody
                ? await owners.ReleaseAsync(tenantId, contacts, job.CreatedBy, chosenBy, cancellationToken)
                : await owners.ReassignAsync(tenantId, contacts, owner.Key, job.CreatedBy, chosenBy, cancellationToken);
        }
    }

    /// <summary>The report's cells go <see cref="ReportCellsLifetime"/> after the import finished; the rows and reasons stay.</summary>
    private async Task DropExpiredReportCellsAsync(CrmDbContext db, CancellationToken cancellationToken)
    {
        var expiry = Timestamps.Normalize(time.GetUtcNow() - ReportCellsLifetime);
        // Every tenant's finished imports: the context is not scoped to one yet.
        var jobs = await db.ImportJobs.IgnoreQueryFilters([CrmDbContext.TenantFilter])
            .Where(j => j.Status == ImportStatus.Completed && j.FinishedAt < expiry && j.ErrorsJson.Contains(ImportReportCells.Marker))
            .ToListAsync(cancellationToken);
        foreach (var job in jobs)
        {
            job.ErrorsJson = JsonSerializer.Serialize(ImportService.Errors(job).Select(e => e with { Cells = null }));
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private static void Count(ImportJob job, IngestOutcome outcome, int row, List<ImportError> failures)
    {
        switch (outcome)
        {
            case IngestOutcome.Created:
                job.Created++;
                break;
            case IngestOutcome.Attached:
                job.Attached++;
                break;
            case IngestOutcome.Merged:
                job.Merged++;
                break;
            case IngestOutcome.QueuedForReview:
                job.QueuedForReview++;
                break;
            case IngestOutcome.Duplicate:
                job.AlreadyImported++;
                break;
            case IngestOutcome.Unattributed:
                failures.Add(new ImportError(row, "every identifying value was a placeholder such as “null” or “n/a”"));
                break;
            case IngestOutcome.Suppressed:
                // No cells: the report must not keep what names a person who asked to be forgotten.
                failures.Add(new ImportError(row, "the person asked to be forgotten: their identifiers are on the suppression list"));
                break;
        }
    }
}
