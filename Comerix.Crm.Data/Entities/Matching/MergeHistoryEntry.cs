namespace Comerix.Crm.Matching;

/// <summary>
/// One merge, as it can be undone: who merged whom, when and how, the survivor's profile before, and (in
/// <see cref="MergeHistoryRow"/>) what moved. Written by the merge's own statements; kept while the merge can be
/// undone (<c>MergeUndoRules.Window</c>), then only the audit entry remains. Erasure clears it.
/// </summary>
internal sealed class MergeHistoryEntry
{
    public required string TenantId { get; set; }

    /// <summary>The merge's timeline row's id on the survivor (the audit entry names it too).</summary>
    public long Id { get; set; }
    public long SurvivorId { get; set; }
    public long MergedId { get; set; }

    /// <summary>automatic, review or manual.</summary>
    public required string Kind { get; set; }
    public required string Actor { get; set; }
    public required string Reason { get; set; }
    public string? EvidenceEventId { get; set; }
    public DateTime MergedAt { get; set; }

    /// <summary>The survivor's name, company, source, seen times and traits before (<c>SurvivorBefore</c>).</summary>
    public string? SurvivorBeforeJson { get; set; }
    public string? SurvivorStageBefore { get; set; }
    public string? SurvivorOwnerBefore { get; set; }

    /// <summary>done, undone or erased.</summary>
    public required string State { get; set; }
    public DateTime? UndoneAt { get; set; }
    public string? UndoneBy { get; set; }
}

/// <summary>
/// A row a merge moved or folded, so that undoing it can move it back: identifiers (type and value, of each side),
/// activities and tombstones (by id), links (kind and record id), and the loser's tags, contact field values and
/// "do not contact" mark as they were (with <see cref="AddedToSurvivor"/> when the survivor had none of its own).
/// </summary>
internal sealed class MergeHistoryRow
{
    public required string TenantId { get; set; }
    public long MergeId { get; set; }

    /// <summary>loser_identifier, survivor_identifier, activity, link, tombstone, tag, field or do_not_contact.</summary>
    public required string Kind { get; set; }
    public long RefId { get; set; }
    public required string RefKey { get; set; }
    public required string RefValue { get; set; }
    public DateTime? At { get; set; }
    public string? By { get; set; }
    public bool AddedToSurvivor { get; set; }
}
