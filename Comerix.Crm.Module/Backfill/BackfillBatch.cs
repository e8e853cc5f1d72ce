using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Backfill;

/// <summary>
/// A run of consecutive lines: the events they hold (each with its line number), the lines refused, and where the run
/// ends, which is what the checkpoint records once the batch is committed.
/// </summary>
internal sealed class BackfillBatch
{
    public List<CrmEvent> Events { get; } = [];

    /// <summary>The line of each event in <see cref="Events"/>, by position.</summary>
    public List<long> EventLines { get; } = [];

    public List<(long Line, string Reason)> Rejects { get; } = [];

    /// <summary>Lines read into this batch, blank ones not counted.</summary>
    public long Lines { get; set; }

    /// <summary>The bytes of the lines read into this batch.</summary>
    public long Bytes { get; set; }

    public long EndLine { get; set; }

    /// <summary>The offset (in the decompressed text) just after the batch's last line.</summary>
    public long EndOffset { get; set; }

    /// <summary>How far through the stored file the reader was: for the progress bar only.</summary>
    public long FilePosition { get; set; }

    public void Add(CrmEvent evt, long line)
    {
        Events.Add(evt);
        EventLines.Add(line);
    }
}
