using System.CommandLine;
using System.Runtime.InteropServices;
using Comerix.Crm.Backfill;

namespace Comerix.SiteHost.Commands;

/// <summary>
/// <c>events import FILE [--tenant T] [--batch N] [--rejects FILE] [--restart]</c>: loads history from NDJSON (native
/// events and Segment messages, gzip or not, <c>-</c> for standard input). Exit codes: 0 every line was accepted,
/// <see cref="RejectedLinesExitCode"/> some lines were refused (listed in the rejects file), 1 the import could not run
/// or stopped, <see cref="UsageExitCode"/> arguments it does not take, <see cref="InterruptedExitCode"/> stopped by
/// Ctrl+C or SIGTERM (a rerun resumes).
/// </summary>
public sealed partial class SiteCommandLine
{
    /// <summary>Every good line was stored, and some lines were refused: a script can tell "all in" from "look at the rejects".</summary>
    public const int RejectedLinesExitCode = 3;

    /// <summary>Stopped on request (as a shell reports a process ended by SIGINT); the checkpoint lets a rerun go on.</summary>
    public const int InterruptedExitCode = 130;

    private const int MaxBatchSize = 100_000;

    private static readonly Argument<string> EventsFile = new("file")
    {
        Description = "NDJSON: one native event (as POST /api/crm/events takes) or Segment message (identify, track, page, screen, " +
            "group, alias) per line; gzip accepted; - reads standard input. A relative path is read from the folder the command is typed in.",
    };

    private static readonly Option<int?> BatchSize = CreateBatchSizeOption();

    private static readonly Option<string> RejectsFile = new("--rejects")
    {
        Description = "Where refused lines are listed, with their line number and reason (default: a file in the data folder's backfill/).",
        HelpName = "FILE",
    };

    private static readonly Option<bool> Restart = new("--restart")
    {
        Description = "Ignore where an interrupted import of this file stopped, and read it from its first line.",
    };

    private static Option<int?> CreateBatchSizeOption()
    {
        var option = new Option<int?>("--batch")
        {
            Description = $"Events per transaction (default {BackfillRequest.SqliteDefaultBatchSize:N0} on SQLite, " +
                $"{BackfillRequest.PostgresDefaultBatchSize:N0} on PostgreSQL).",
            HelpName = "N",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > MaxBatchSize)
            {
                result.AddError($"--batch must be from 1 to {MaxBatchSize:N0}.");
            }
        });
        return option;
    }

    private static Command EventsCommand() => new("events", "Events: load history from a file.")
    {
        WithAction(new Command("import", "Load events from an NDJSON file; loading it again stores nothing twice, and an interrupted import resumes.")
        {
            EventsFile, Tenant, BatchSize, RejectsFile, Restart,
        }, ImportEventsAsync),
    };

    private static async Task<int> ImportEventsAsync(CommandContext command)
    {
        var configuration = command.Services.GetRequiredService<IConfiguration>();
        var file = command.Parse.GetRequiredValue(EventsFile);
        var fromStandardInput = file == "-";
        var path = fromStandardInput ? null : StartupSettings.FullPath(configuration, file);
        if (path is not null && !File.Exists(path))
        {
            throw new CommandException($"Events file not found: {path}" + (Path.IsPathRooted(file) ? "" :
                $" (\"{file}\" was read from {StartupSettings.InvokedFrom(configuration)}, the folder the command was typed in)."));
        }
        await using var scope = await command.TenantScopeAsync();
        var rejects = command.Parse.GetValue(RejectsFile) is { Length: > 0 } given ? StartupSettings.FullPath(configuration, given) : null;
        var request = new BackfillRequest(scope.Tenant, path, fromStandardInput ? Console.OpenStandardInput() : null, rejects,
            command.Parse.GetValue(BatchSize), command.Parse.GetValue(Restart));
        // What to type to go on after a stop: the same file, tenant and rejects file (a checkpoint is found by them).
        var rerun = SiteCommandText.For(command.Services, $"events import {SiteCommandText.Quote(path ?? "-")} --tenant {SiteCommandText.Quote(scope.Tenant)}"
            + (rejects is null ? "" : $" --rejects {SiteCommandText.Quote(rejects)}"));

        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => StopGently(signal, stop, command.Error));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => StopGently(signal, stop, command.Error));
        var bar = new BackfillProgressBar(command.Error, terminal: ReferenceEquals(command.Error, Console.Error) && !Console.IsErrorRedirected);
        var summary = await new EventBackfill(command.Services).RunAsync(request, bar.Show, stop.Token);
        bar.Clear();
        return Report(command.Output, command.Error, summary, rerun);
    }

    /// <summary>The first signal stops after the batch being committed; a second one is not caught, and ends the process.</summary>
    private static void StopGently(PosixSignalContext signal, CancellationTokenSource stop, TextWriter error)
    {
        if (stop.IsCancellationRequested)
        {
            return;
        }
        signal.Cancel = true;
        error.WriteLine();
        error.WriteLine("Stopping after the batch being committed…");
        stop.Cancel();
    }

    private static int Report(TextWriter output, TextWriter error, BackfillSummary summary, string rerun)
    {
        var counts = summary.Counts;
        if (summary.ResumedAtLine is { } resumedAt)
        {
            output.WriteLine($"Resumed after line {resumedAt:N0}, where an interrupted import had committed; the counts include it.");
        }
        output.WriteLine(summary.Completed ? "Events imported:" : "Events imported so far:");
        foreach (var (label, count) in new (string, long)[]
        {
            ("lines", counts.Lines), ("created", counts.Created), ("attached", counts.Attached), ("merged", counts.Merged),
            ("queued for review", counts.QueuedForReview), ("unattributed", counts.Unattributed), ("suppressed", counts.Suppressed),
            ("duplicate", counts.Duplicate), ("rejected", counts.Rejected),
        })
        {
            output.WriteLine($"  {label + ":",-19}{count,12:N0}");
        }
        output.WriteLine($"This run: {summary.EventsThisRun:N0} events in {summary.Elapsed.TotalSeconds:N1} s ({summary.EventsPerSecond:N0} events/s).");
        if (summary.RejectsPath is { } rejects)
        {
            output.WriteLine($"Rejected lines, with their line number and reason: {rejects}");
        }
        if (summary.Problem is { } problem)
        {
            error.WriteLine($"The import stopped: {problem}");
            error.WriteLine($"What was committed is kept. To go on from there, run: {rerun}");
            return 1;
        }
        if (!summary.Completed)
        {
            error.WriteLine(summary.CheckpointPath is null
                ? "Stopped. Standard input cannot be resumed: send the rest again (events already stored count as duplicates)."
                : $"Stopped. To go on from where it stopped, run: {rerun}");
            return InterruptedExitCode;
        }
        return counts.Rejected > 0 ? RejectedLinesExitCode : 0;
    }
}
