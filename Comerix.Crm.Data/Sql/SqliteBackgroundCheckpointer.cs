using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// Copies committed WAL pages into the database file on a thread of its own, after each commit of the engine.
/// </summary>
/// <remarks>
/// Without it, the connection whose commit crosses the autocheckpoint size (64 MB of WAL) copies the whole WAL
/// and fsyncs the file before its commit returns: at 1,000,000 events that was a quarter of ingestion, on one
/// core while the other idled. A PASSIVE checkpoint never blocks writers or readers and SQLite lets any
/// connection run it, so this one keeps the WAL copied nearly as fast as it grows. The writer's own autocheckpoint
/// stays on: once the WAL is big it finds almost everything already copied, copies the last commit's pages and
/// lets the next transaction start the WAL from the beginning (a checkpoint from here alone cannot: the WAL only
/// restarts when a writer begins while nothing is left to copy). Durability is unchanged: each commit is in the
/// WAL, and a checkpoint fsyncs the WAL before it copies, as the writer's would.
/// Failures here only cost speed (the writer's checkpoint does the work), so the thread goes on and the checkpoint
/// is tried again at the next commit; they are logged (<see cref="StorageLog.CheckpointFailed"/>), at most once a
/// minute, since a lasting one (a file made read-only, a full disk) would otherwise fail at every commit.
/// </remarks>
internal sealed class SqliteBackgroundCheckpointer(string connectionString, ILogger? logger = null) : IDisposable
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private long? _loggedAt;
    private int _unlogged;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _commits = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private bool _disposed;

    /// <summary>Asks for a checkpoint; requests made while one runs are folded into the next.</summary>
    public void RequestCheckpoint()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "Comerix SQLite checkpointer" };
                _thread.Start();
            }
            if (_commits.CurrentCount == 0)
            {
                _commits.Release();
            }
        }
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        try
        {
            while (true)
            {
                _commits.Wait(_stop.Token);
                try
                {
                    connection ??= Open();
                    using var checkpoint = connection.CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                    checkpoint.ExecuteNonQuery();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The file is gone, unreadable, or anything else (a busy one is no error: PASSIVE reports it in its
                    // row): the writer's own checkpoint covers it. An exception let out of this thread would end the process.
                    connection?.Dispose();
                    connection = null;
                    Failed(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private void Failed(Exception exception)
    {
        _unlogged++;
        if (_loggedAt is { } at && Stopwatch.GetElapsedTime(at) < LogInterval)
        {
            return;
        }
        StorageLog.CheckpointFailed(_logger, _unlogged, exception);
        _unlogged = 0;
        _loggedAt = Stopwatch.GetTimestamp();
    }

    private SqliteConnection Open()
    {
        // Its own connection, never pooled: it must release the file when the database is disposed.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        connection.Open();
        using var setup = connection.CreateCommand();
        // Never wait for another checkpoint: the next commit asks again.
        setup.CommandText = "PRAGMA busy_timeout=0;";
        setup.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Stops the thread after the checkpoint in progress, if any, and closes its connection.</summary>
    public void Dispose()
    {
        Thread? thread;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            thread = _thread;
        }
        _stop.Cancel();
        thread?.Join();
        _stop.Dispose();
        _commits.Dispose();
    }
}
