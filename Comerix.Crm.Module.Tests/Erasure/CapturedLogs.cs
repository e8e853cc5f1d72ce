using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Tests.Erasure;

/// <summary>Every log line the site writes (through its configured filters), with its exception, kept for inspection.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>The same lines with their event id and the values of their placeholders, to assert what a line carries.</summary>
    public ConcurrentQueue<Entry> Entries { get; } = new();

    public IReadOnlyList<Entry> WithEventId(int id) => Entries.Where(e => e.EventId == id).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record Entry(LogLevel Level, string Category, int EventId, string Message, IReadOnlyDictionary<string, object?> Values, Exception? Exception);

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            logs.Lines.Enqueue($"{logLevel} {category}: {message} {exception}");
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)
                : [];
            logs.Entries.Enqueue(new Entry(logLevel, category, eventId.Id, message, values, exception));
        }
    }
}
