using System.Collections.Concurrent;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// What the engine logs (event ids 1000-1099): merges and queued reviews once they commit, with contact ids and
/// counts but never an identifier's value; a lost race and its retry.
/// </summary>
public sealed class EngineLoggingTests
{
    private sealed record Line(LogLevel Level, int EventId, string Message);

    private sealed class RecordingLogger : ILogger<IdentityEngine>
    {
        public ConcurrentQueue<Line> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(new Line(logLevel, eventId.Id, formatter(state, exception)));
    }

    [Fact]
    public async Task AMergeIsLoggedOnceWithContactIdsAndCountsButNoIdentifierEvenWhenItsTransactionRanTwice()
    {
        await using var store = new InMemoryGraphStore();
        var logger = new RecordingLogger();
        var engine = store.NewEngine(logger);
        var known = await engine.IngestAsync("Default", Form("f1", Day1, Email("ada@example.com", verified: true)));
        var visitor = await engine.IngestAsync("Default", Telemetry("t1", Day1, Visitor("v-secret")));

        store.LoseNextCommits(1);
        var merge = await engine.IngestAsync("Default", Form("f2", Day1.AddDays(1), Visitor("v-secret"), Email("ada@example.com", verified: true)));

        Assert.Equal(IngestOutcome.Merged, merge.Outcome);
        var retried = Assert.Single(logger.Lines, l => l.EventId == 1002);
        Assert.Equal(LogLevel.Debug, retried.Level);
        var merged = Assert.Single(logger.Lines, l => l.EventId == 1000);
        Assert.Equal(LogLevel.Information, merged.Level);
        Assert.Contains($"contact {visitor.ContactId} merged into {known.ContactId} (automatic)", merged.Message);
        Assert.Contains("moved 1 identifiers, 1 activities", merged.Message);
        Assert.DoesNotContain(logger.Lines, l => l.Message.Contains("ada@", StringComparison.Ordinal) || l.Message.Contains("v-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AQueuedReviewIsLoggedWithItsReasonCode()
    {
        await using var store = new InMemoryGraphStore();
        var logger = new RecordingLogger();
        var engine = store.NewEngine(logger);
        var ada = await engine.IngestAsync("Default", Form("f1", Day1, Email("ada@example.com"), Visitor("v1")));
        var bob = await engine.IngestAsync("Default", Form("f2", Day1, Email("bob@example.com"), Visitor("v2")));

        var tie = await engine.IngestAsync("Default", Telemetry("t1", Day1.AddDays(1), Visitor("v1"), Visitor("v2")));

        Assert.Equal(IngestOutcome.QueuedForReview, tie.Outcome);
        var queued = Assert.Single(logger.Lines, l => l.EventId == 1001);
        Assert.Contains($"contacts {ada.ContactId} and {bob.ContactId} queued for merge review (unverified_tie)", queued.Message);
        Assert.DoesNotContain(logger.Lines, l => l.EventId == 1000);
    }

    [Fact]
    public async Task ARaceLostMoreTimesThanAllowedIsAWarningAndTheErrorReachesTheCaller()
    {
        await using var store = new InMemoryGraphStore(o => o.MaxConflictRetries = 3);
        var logger = new RecordingLogger();
        var engine = store.NewEngine(logger);
        store.LoseNextCommits(3);

        await Assert.ThrowsAnyAsync<Exception>(() => engine.IngestAsync("Default", Form("f1", Day1, Email("ada@example.com"))));

        Assert.Equal(2, logger.Lines.Count(l => l.EventId == 1002));
        Assert.Equal(LogLevel.Warning, Assert.Single(logger.Lines, l => l.EventId == 1003).Level);
        Assert.Empty(await store.ContactsAsync());
    }
}
