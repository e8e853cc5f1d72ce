using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Api.Security;

/// <summary>
/// The API key handler's loggers, with Information lowered to Debug. The framework's authentication handler writes
/// two Information lines for every request with a wrong key ("not authenticated", "challenged"): a flood of bad keys
/// would flood the log. Warnings and errors stay as they are.
/// </summary>
internal sealed class DebugLevelLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Lowered(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // The inner factory belongs to the host.
    }

    private sealed class Lowered(ILogger logger) : ILogger
    {
        private static LogLevel Level(LogLevel level) => level == LogLevel.Information ? LogLevel.Debug : level;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logger.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logger.IsEnabled(Level(logLevel));

#pragma warning disable CA1848, CA1873 // A logger that forwards every line: how the line is written was already chosen by its writer.
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logger.Log(Level(logLevel), eventId, state, exception, formatter);
#pragma warning restore CA1848, CA1873
    }
}
