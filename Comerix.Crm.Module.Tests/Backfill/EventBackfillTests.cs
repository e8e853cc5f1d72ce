using System.IO.Compression;
using System.Text;
using Comerix.Crm.Backfill;
using Comerix.Crm.Data;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Backfill;

/// <summary>Loading history from NDJSON through the site's own ingestion: what results, twice, interrupted, compressed.</summary>
public sealed class EventBackfillTests
{
    /// <summary>Native events and Segment messages mixed, a blank line, and three lines nothing can store.</summary>
    internal const string History = """
        {"id":"n1","type":"form","occurredAt":"2025-01-02T10:00:00Z","claims":[{"type":"email","value":"ann@example.com"}],"traits":{"name":"Ann Lee"}}
        {"type":"identify","messageId":"s1","userId":"u-1","traits":{"email":"ann@example.com","firstName":"Ann"},"timestamp":"2025-01-03T10:00:00Z"}
        {"type":"track","messageId":"s2","anonymousId":"anon-9","event":"Viewed Pricing","timestamp":"2025-01-03T11:00:00Z"}

        this is not json
        {"id":"n2","type":"form","claims":[{"type":"email","value":"bob@example.com"}]}
        {"type":"page","messageId":"s3","userId":"u-1","name":"Home","timestamp":"2025-01-04T09:00:00Z","sentAt":"2025-01-04T09:00:01Z","receivedAt":"2025-01-04T09:00:02Z"}
        {"type":"alias","messageId":"s4","previousId":"anon-9","userId":"u-1","timestamp":"2025-01-04T09:05:00Z"}
        {"id":"n1","type":"form","occurredAt":"2025-01-02T10:00:00Z","claims":[{"type":"email","value":"ann@example.com"}]}
        {"id":"n3","type":"form","occurredAt":"2025-01-05T10:00:00Z","claims":[{"type":"email","value":"cy@example.com"}],"traits":{"name":"Cy\u0000"}}
        {"id":"n4","type":"conversion","occurredAt":"2025-01-06T10:00:00Z","claims":[{"type":"email","value":"dee@example.com"}],"conversion":{"value":12.5,"currency":"EUR"}}

        """;

    /// <summary>The people <see cref="History"/> leaves: Ann with everything of hers (the anonymous visit folded in by the alias), and Dee.</summary>
    internal static readonly string[] HistoryContacts = ["ann@example.com Ann Lee 5", "dee@example.com - 1"];

    [Fact]
    public Task NativeAndSegmentLinesBecomeContactsAndBadLinesAreRejectedByNumberOnSqlite() => MixedHistoryAsync(CrmDatabaseProviders.Sqlite);

    [PostgresFact]
    public Task NativeAndSegmentLinesBecomeContactsAndBadLinesAreRejectedByNumberOnPostgres() => MixedHistoryAsync(CrmDatabaseProviders.Postgres);

    private static async Task MixedHistoryAsync(string provider)
    {
        await using var site = await BackfillSite.CreateAsync(provider);
        var file = site.File("history.ndjson", History);

        var first = await site.ImportAsync(file);

        Assert.True(first.Completed);
        Assert.Equal(new BackfillCounts(Lines: 10, Created: 3, Attached: 2, Merged: 1, Duplicate: 1, Rejected: 3), first.Counts);
        Assert.Equal(HistoryContacts, await site.ContactsAsync());
        Assert.Equal(
        [
            "line 5: not valid JSON: 'this is not json' is an invalid JSON literal. Expected the literal 'true'",
            "line 6: occurredAt is required",
            "line 10: $.traits.name contains a NUL character",
        ], await File.ReadAllLinesAsync(first.RejectsPath!));
        Assert.False(File.Exists(first.CheckpointPath), "a finished import leaves no checkpoint");

        // Loaded again: every event is a duplicate of itself, nothing changes, the same lines are refused (listed once).
        var again = await site.ImportAsync(file);

        Assert.Equal(new BackfillCounts(Lines: 10, Duplicate: 7, Rejected: 3), again.Counts);
        Assert.Equal(HistoryContacts, await site.ContactsAsync());
        // Seven events accepted, one of them line 1 again: six stored, each once.
        Assert.Equal(6, await site.StoredEventsAsync() - await MergeActivitiesAsync(site));
        Assert.Equal(3, (await File.ReadAllLinesAsync(again.RejectsPath!)).Length);
    }

    [Fact]
    public async Task AnImportStoppedAfterSomeBatchesGoesOnWhereItStoppedAndEndsWithEveryEventOnce()
    {
        await using var site = await BackfillSite.CreateAsync(CrmDatabaseProviders.Sqlite);
        var file = site.File("people.ndjson", People(1_000));
        using var stop = new CancellationTokenSource();
        var batches = 0;

        var stopped = await site.ImportAsync(file, batchSize: 100, progress: _ =>
        {
            if (++batches == 3)
            {
                stop.Cancel();
            }
        }, cancellationToken: stop.Token);

        Assert.False(stopped.Completed);
        Assert.Equal(300, stopped.Counts.Created);
        Assert.True(File.Exists(stopped.CheckpointPath));
        Assert.Equal(300, (await site.ContactsAsync()).Count);

        var resumed = await site.ImportAsync(file, batchSize: 100);

        Assert.True(resumed.Completed);
        Assert.Equal(300, resumed.ResumedAtLine);
        Assert.Equal(700, resumed.EventsThisRun);
        Assert.Equal(new BackfillCounts(Lines: 1_000, Created: 1_000), resumed.Counts);
        Assert.Equal(1_000, (await site.ContactsAsync()).Count);
        Assert.Equal(1_000, await site.StoredEventsAsync());
    }

    [Fact]
    public async Task ACheckpointLostAfterACommitOnlyMakesDuplicatesOfWhatWasCommitted()
    {
        await using var site = await BackfillSite.CreateAsync(CrmDatabaseProviders.Sqlite);
        var file = site.File("people.ndjson", People(1_000));
        using var stop = new CancellationTokenSource();
        string? checkpointAfterFirstBatch = null;
        var batches = 0;
        var stopped = await site.ImportAsync(file, batchSize: 100, progress: _ =>
        {
            batches++;
            if (batches == 1)
            {
                checkpointAfterFirstBatch = Directory.GetFiles(Path.Combine(site.Directory, "data", "backfill"), "*.checkpoint.json").Single();
                File.Copy(checkpointAfterFirstBatch, checkpointAfterFirstBatch + ".kept");
            }
            if (batches == 3)
            {
                stop.Cancel();
            }
        }, cancellationToken: stop.Token);
        // Killed after batches 2 and 3 committed but before their checkpoints were written: the file still says line 100.
        File.Move(checkpointAfterFirstBatch + ".kept", stopped.CheckpointPath!, overwrite: true);

        var resumed = await site.ImportAsync(file, batchSize: 100);

        Assert.Equal(100, resumed.ResumedAtLine);
        Assert.Equal(new BackfillCounts(Lines: 1_000, Created: 800, Duplicate: 200), resumed.Counts);
        Assert.Equal(1_000, (await site.ContactsAsync()).Count);
        Assert.Equal(1_000, await site.StoredEventsAsync());
    }

    [Fact]
    public async Task AGzipFileIsReadWhateverItsNameAndResumesToo()
    {
        await using var site = await BackfillSite.CreateAsync(CrmDatabaseProviders.Sqlite);
        var named = Gzip(site.File("history.ndjson.gz", ""), History);
        var unnamed = Gzip(site.File("history.export", ""), History);

        Assert.Equal(new BackfillCounts(Lines: 10, Created: 3, Attached: 2, Merged: 1, Duplicate: 1, Rejected: 3), (await site.ImportAsync(named)).Counts);
        Assert.Equal(HistoryContacts, await site.ContactsAsync());
        // Told by its first bytes, not its name: the same events, so all duplicates (not 11 lines of binary refused).
        Assert.Equal(new BackfillCounts(Lines: 10, Duplicate: 7, Rejected: 3), (await site.ImportAsync(unnamed)).Counts);

        var people = Gzip(site.File("people.ndjson.gz", ""), People(500));
        using var stop = new CancellationTokenSource();
        var stopped = await site.ImportAsync(people, batchSize: 100, progress: p =>
        {
            if (p.Counts.Lines == 200)
            {
                stop.Cancel();
            }
        }, cancellationToken: stop.Token);
        Assert.False(stopped.Completed);
        var resumed = await site.ImportAsync(people, batchSize: 100);
        Assert.Equal(200, resumed.ResumedAtLine);
        Assert.Equal(new BackfillCounts(Lines: 500, Created: 500), resumed.Counts);
    }

    [Fact]
    public async Task ABackfilledEventDoesWhatTheSiteDoesWebhooksWrittenAndForgottenPeopleKeptOut()
    {
        await using var site = await BackfillSite.CreateAsync(CrmDatabaseProviders.Sqlite);
        var engine = site.Services.GetRequiredService<Resolution.IdentityEngine>();
        var forgotten = (await engine.IngestAsync("Default", Events.Form("f-1", Events.Day1, Events.Email("gone@example.com"))))!.ContactId!.Value;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var erased = await scope.ServiceProvider.GetRequiredService<Comerix.Crm.Erasure.ContactErasureService>()
                .EraseAsync("Default", forgotten, "DELETE", "test", suppress: true);
            Assert.Equal(Comerix.Crm.Erasure.ErasureOutcome.Erased, erased.Outcome);
            var (endpoint, urlProblem, eventsProblem) = await scope.ServiceProvider.GetRequiredService<Comerix.Crm.Webhooks.WebhookEndpointService>()
                .CreateAsync("Default", "http://127.0.0.1:9/hook", [Comerix.Crm.Notifications.CrmEventTypes.ContactCreated], "test");
            Assert.True(endpoint is not null, urlProblem ?? eventsProblem);
        }
        var file = site.File("mixed.ndjson", People(3) + """
            {"id":"back-gone","type":"form","occurredAt":"2025-02-01T10:00:00Z","claims":[{"type":"email","value":"Gone@Example.com"}]}

            """);

        var summary = await site.ImportAsync(file);

        Assert.Equal(new BackfillCounts(Lines: 4, Created: 3, Suppressed: 1), summary.Counts);
        Assert.Equal(["p0@example.com Person 0 1", "p1@example.com Person 1 1", "p2@example.com Person 2 1"], await site.ContactsAsync());
        await using var db = site.Services.GetRequiredService<CrmDatabase>().CreateDbContext();
        Assert.Equal(3, await db.WebhookDeliveries.CountAsync(d => d.EventType == Comerix.Crm.Notifications.CrmEventTypes.ContactCreated));
    }

    private static async Task<int> MergeActivitiesAsync(BackfillSite site)
    {
        await using var db = site.Services.GetRequiredService<CrmDatabase>().CreateDbContext();
        return await db.Activities.CountAsync(a => a.Type == Comerix.Crm.Activity.ActivityTypes.Merge);
    }

    /// <summary>One form per person, each a new contact: p0@example.com, p1@…</summary>
    internal static string People(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append("{\"id\":\"p-").Append(i).Append("\",\"type\":\"form\",\"occurredAt\":\"2025-03-01T10:00:00Z\",\"claims\":[{\"type\":\"email\",\"value\":\"p")
                .Append(i).Append("@example.com\"}],\"traits\":{\"name\":\"Person ").Append(i).Append("\"}}\n");
        }
        return text.ToString();
    }

    internal static string Gzip(string path, string text)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
        return path;
    }
}
