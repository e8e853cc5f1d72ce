using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Comerix.Crm.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Backfill;

/// <summary>
/// Loads history: an NDJSON file of native events and Segment messages (gzip or not), a line at a time, committed in
/// large batches through the site's own ingestion (see <see cref="BackfillWriter"/>). Idempotent by event id, so a
/// file loaded twice stores each event once; resumable, by a checkpoint written after each commit. Reading and
/// parsing the next batch overlaps the commit of the one before.
/// </summary>
public sealed class EventBackfill(IServiceProvider services)
{
    /// <summary>Loads <paramref name="request"/>'s input. Bad lines are rejected and counted, never thrown.</summary>
    /// <param name="progress">Called after each committed batch, on the loading thread.</param>
    /// <param name="cancellationToken">Stops after the batch being committed; the checkpoint lets a later run go on.</param>
    /// <exception cref="FileNotFoundException">The input file does not exist.</exception>
    public async Task<BackfillSummary> RunAsync(BackfillRequest request, Action<BackfillProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var batchSize = request.BatchSize ?? BackfillRequest.DefaultBatchSize(services.GetRequiredService<CrmDatabase>().Provider);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (request.InputPath is null && request.Input is null)
        {
            throw new ArgumentException("Name an input file or give a stream.", nameof(request));
        }
        var started = Stopwatch.StartNew();
        await using var input = request.InputPath is { } path
            ? await BackfillInput.OpenFileAsync(path, cancellationToken)
            : await BackfillInput.OpenStreamAsync(request.Input!, cancellationToken);
        var folder = Path.Combine(services.GetRequiredService<CrmOptions>().DataDirectory, "backfill");
        var checkpointFile = input.File is { } file
            ? BackfillCheckpointFile.For(folder, request.TenantId, DatabaseIdentity(services.GetRequiredService<CrmDatabase>()), file)
            : null;
        var checkpoint = request.Restart ? null : checkpointFile?.Load();
        using var rejects = new BackfillRejects(request.RejectsPath ?? DefaultRejectsPath(folder, checkpointFile));
        rejects.StartAt(checkpoint?.RejectsLength ?? 0);
        var reader = new NdjsonLineReader(input.Text, BackfillRequest.MaxLineBytes);
        if (checkpoint is not null)
        {
            await reader.StartAfterAsync(checkpoint.Line, checkpoint.Offset, skip: !input.TrySeek(checkpoint.Offset), cancellationToken);
        }
        var run = new Run(input, reader, rejects, checkpointFile, checkpoint?.Counts ?? new BackfillCounts(),
            BackfillWriter.Create(services, request.TenantId, batchSize), batchSize, services.GetRequiredService<TimeProvider>(), started);
        var (completed, problem) = await run.LoadAsync(progress, cancellationToken);
        if (completed)
        {
            checkpointFile?.Delete();
        }
        return new BackfillSummary(run.Counts, completed, checkpoint?.Line, rejects.Any ? rejects.Path : null, checkpointFile?.Path,
            run.EventsThisRun, started.Elapsed, problem);
    }

    /// <summary>Which database a checkpoint belongs to (its connection string hashed: it may hold a password).</summary>
    private static string DatabaseIdentity(CrmDatabase database) =>
        database.Provider + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(database.ConnectionString)))[..16];

    private static string DefaultRejectsPath(string folder, BackfillCheckpointFile? checkpoint) =>
        checkpoint is not null
            ? checkpoint.Path.Replace(".checkpoint.json", ".rejects.txt", StringComparison.Ordinal)
            : Path.Combine(folder, $"stdin-{DateTime.UtcNow:yyyyMMdd-HHmmss}.rejects.txt");

    /// <summary>One run: a reader task that parses batches ahead, and this one, which commits them in order.</summary>
    private sealed class Run(
        BackfillInput input, NdjsonLineReader reader, BackfillRejects rejects,
        BackfillCheckpointFile? checkpointFile, BackfillCounts counts, BackfillWriter writer, int batchSize, TimeProvider time, Stopwatch started)
    {
        private readonly long _startBytes = input.Position;
        private long _committedLine = reader.LineNumber;

        public BackfillCounts Counts { get; private set; } = counts;

        public long EventsThisRun { get; private set; }

        /// <returns>Whether the input was read to its end, and what stopped it if the database did.</returns>
        public async Task<(bool Completed, string? Problem)> LoadAsync(Action<BackfillProgress>? progress, CancellationToken cancellationToken)
        {
            // Two batches parsed ahead at most: parsing overlaps the commit, and memory stays bounded.
            var batches = Channel.CreateBounded<BackfillBatch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var producer = Task.Run(() => ProduceAsync(batches.Writer, stop.Token), CancellationToken.None);
            try
            {
                await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
                {
                    await CommitAsync(batch, cancellationToken);
                    progress?.Invoke(new BackfillProgress(Counts, batch.EndLine, EventsThisRun, batch.FilePosition, _startBytes, input.Length,
                        started.Elapsed));
                }
                return (true, null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return (false, null);
            }
            catch (BackfillDatabaseException ex)
            {
                return (false, ex.Message);
            }
            catch (System.Data.Common.DbException ex)
            {
                // Reading the tenant's identity rules, ahead of a commit.
                return (false, new BackfillDatabaseException(ex).Message);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                // A corrupt gzip stream, a disk that fails: what was committed before stays, and its checkpoint.
                return (false, $"the input could not be read past line {_committedLine:N0}: {ex.Message}");
            }
            finally
            {
                await stop.CancelAsync();
                await producer.ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        private async Task CommitAsync(BackfillBatch batch, CancellationToken cancellationToken)
        {
            var results = batch.Events.Count == 0 ? [] : await writer.CommitAsync(batch, cancellationToken);
            rejects.Write(batch.Rejects.OrderBy(r => r.Line));
            Counts = Counts.With(batch.Lines, results, batch.Rejects.Count);
            EventsThisRun += results.Count;
            _committedLine = batch.EndLine;
            checkpointFile?.Save(new BackfillCheckpoint(batch.EndLine, batch.EndOffset, rejects.Length, Counts));
        }

        private async Task ProduceAsync(ChannelWriter<BackfillBatch> batches, CancellationToken cancellationToken)
        {
            try
            {
                var now = time.GetUtcNow();
                var batch = new BackfillBatch();
                while (await reader.ReadAsync(cancellationToken) is { } line)
                {
                    if (Read(batch, line, now) && (batch.Events.Count >= batchSize || batch.Bytes >= BackfillRequest.MaxBatchBytes
                        || batch.Rejects.Count >= batchSize))
                    {
                        await SendAsync(batches, batch, cancellationToken);
                        batch = new BackfillBatch();
                    }
                }
                if (batch.Lines > 0)
                {
                    await SendAsync(batches, batch, cancellationToken);
                }
                batches.Complete();
            }
            catch (Exception ex)
            {
                batches.TryComplete(ex);
            }
        }

        /// <returns>False for a blank line, which is skipped and not counted.</returns>
        private bool Read(BackfillBatch batch, NdjsonLine line, DateTimeOffset now)
        {
            var number = reader.LineNumber;
            if (line.TooLong)
            {
                batch.Rejects.Add((number, $"the line is longer than {BackfillRequest.MaxLineBytes / (1024 * 1024)} MiB; it was not read"));
            }
            else
            {
                var bytes = number == 1 && line.Bytes.Span.StartsWith("\uFEFF"u8) ? line.Bytes[3..] : line.Bytes;
                if (bytes.Span.Trim(" \t"u8).IsEmpty)
                {
                    return false;
                }
                var (evt, problem) = BackfillLineParser.Parse(bytes, now);
                if (evt is not null)
                {
                    batch.Add(evt, number);
                }
                else
                {
                    batch.Rejects.Add((number, problem!));
                }
                batch.Bytes += bytes.Length;
            }
            batch.Lines++;
            return true;
        }

        private async ValueTask SendAsync(ChannelWriter<BackfillBatch> batches, BackfillBatch batch, CancellationToken cancellationToken)
        {
            batch.EndLine = reader.LineNumber;
            batch.EndOffset = reader.Offset;
            // A plain file's bytes are the text's: the offset is exact. A gzip file's reading position is close enough.
            batch.FilePosition = input.Compressed ? input.Position : reader.Offset;
            await writer.PrepareAsync(batch, cancellationToken);
            await batches.WriteAsync(batch, cancellationToken);
        }
    }
}
