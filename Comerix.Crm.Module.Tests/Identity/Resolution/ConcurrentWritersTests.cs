using System.Diagnostics;
using Comerix.Crm.Bench;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// Many writers send events that share brand-new emails at the same moment (<see cref="SharedEmailStream"/>).
/// The database alone decides who creates each contact: exactly one contact per connected group of emails,
/// every event stored once, no visitor on the wrong person.
/// </summary>
public sealed class ConcurrentWritersTests
{
    [Fact]
    public Task OnSqliteParallelWritersSharingNewEmailsLoseNothingAndDuplicateNoOne() =>
        RunInOneProcessAsync(CrmDatabaseProviders.Sqlite, writers: 8);

    [PostgresFact]
    public Task OnPostgresParallelWritersSharingNewEmailsLoseNothingAndDuplicateNoOne() =>
        RunInOneProcessAsync(CrmDatabaseProviders.Postgres, writers: 16);

    /// <summary>
    /// The in-memory store commits optimistically (a unit of work loses if anyone committed to the tenant since it
    /// began), so here writers really lose races and the engine runs their units again: the outcome must not show it.
    /// Every loss costs a retry, so the budget is raised from the default 20.
    /// </summary>
    [Fact]
    public async Task InMemoryParallelWritersLoseRacesRetryAndLoseNothing()
    {
        await using var store = new InMemoryGraphStore(o => o.MaxConflictRetries = 10_000);
        var stream = SharedEmailStream.Create(events: 600, emails: 60, seed: 20261204);
        await WriteInParallelAsync(store, stream, writers: 6);
        await AssertOnePersonPerGroupAsync(store, stream);
        Assert.True(store.Conflicts > 0, "no unit of work lost a race, so the retry path was not exercised");
    }

    /// <summary>
    /// The writer runs from the benchmark's own build output, with the dependencies its deps.json names: the copy this
    /// project's build drops beside the tests lacks the logging assemblies the test project takes from the framework.
    /// </summary>
    private static string BenchAssembly
    {
        get
        {
            var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            // <root>/Comerix.Crm.Module.Tests/bin/<configuration>/<framework>/ → <root>/Comerix.Crm.Bench/bin/<configuration>/<framework>/
            var framework = tests.Name;
            var configuration = tests.Parent!.Name;
            var root = tests.Parent.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "Comerix.Crm.Bench", "bin", configuration, framework, "Comerix.Crm.Bench.dll");
        }
    }

    /// <summary>Three operating-system processes share nothing but the SQLite file: no lock lives in one process.</summary>
    [Fact]
    public async Task OnSqliteSeparateProcessesSharingNewEmailsLoseNothingAndDuplicateNoOne()
    {
        await using var db = await TestDatabase.CreateSqliteAsync();
        var file = Path.Combine(db.Options.DataDirectory, "comerix-crm.db");
        const int events = 1_500, emails = 120, seed = 7, parts = 3;

        var writers = Enumerable.Range(0, parts).Select(part => Process.Start(new ProcessStartInfo("dotnet",
        [
            BenchAssembly, "writer", "--sqlite", file,
            "--events", $"{events}", "--emails", $"{emails}", "--seed", $"{seed}", "--part", $"{part}", "--parts", $"{parts}",
        ]) { RedirectStandardError = true })!).ToList();
        foreach (var writer in writers)
        {
            var errors = writer.StandardError.ReadToEndAsync();
            await writer.WaitForExitAsync();
            Assert.True(writer.ExitCode == 0, $"a writer process failed: {await errors}");
        }

        await using var graph = await SqlGraphStore.OverAsync(db);
        await AssertOnePersonPerGroupAsync(graph, SharedEmailStream.Create(events, emails, seed));
    }

    /// <summary>Writers with their own engine, store and connections each, inside this process.</summary>
    private static async Task RunInOneProcessAsync(string provider, int writers)
    {
        await using var db = await GraphStore.CreateAsync(provider);
        var stream = SharedEmailStream.Create(events: 2_000, emails: 150, seed: 20261122);
        await WriteInParallelAsync(db, stream, writers);
        await AssertOnePersonPerGroupAsync(db, stream);
    }

    private static Task WriteInParallelAsync(GraphStore db, IReadOnlyList<CrmEvent> stream, int writers) =>
        Task.WhenAll(stream.Chunk(stream.Count / writers).Select(queue => Task.Run(async () =>
        {
            var engine = db.NewEngine();
            var random = new Random(queue.Length + queue[0].Id.GetHashCode());
            for (var next = 0; next < queue.Length;)
            {
                var size = random.Next(1, 12);
                await engine.IngestBatchAsync("Default", queue.Skip(next).Take(size).ToList());
                next += size;
            }
        })));

    private static async Task AssertOnePersonPerGroupAsync(GraphStore db, IReadOnlyList<CrmEvent> stream)
    {
        var expected = new GeneratedStream(stream, [1]).Components();
        Assert.Equal(Describe(expected), Describe(await db.GroupingAsync()));
        Assert.Equal(expected.Count, (await db.LiveContactsAsync()).Count);
        var stored = (await db.ActivitiesAsync()).Where(a => a.Type == "form").Select(a => a.EventId).ToList();
        Assert.Equal(stream.Select(e => e.Id).Order(), stored.Order());
    }

    private static string Describe(IEnumerable<SortedSet<string>> groups) =>
        string.Join(" | ", groups.Select(g => string.Join(",", g)).Order(StringComparer.Ordinal));
}
