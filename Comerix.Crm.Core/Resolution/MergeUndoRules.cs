using System.Globalization;

namespace Comerix.Crm.Resolution;

/// <summary>What <c>crm_merge_history</c> says of one merge now, read with the two contacts as they stand.</summary>
/// <param name="State">done, undone or erased (<see cref="MergeUndoRules"/>).</param>
/// <param name="SurvivorNowId">The live contact the survivor is, or was merged into since; null when it was erased.</param>
/// <param name="LoserStillMergedHere">The loser is still the survivor's tombstone (nothing but this merge has touched it).</param>
/// <param name="LaterMerge">The first merge into the survivor after this one that is still in place.</param>
public sealed record MergeHistoryFacts(
    long MergeId, long SurvivorId, long MergedId, string Kind, string Actor, DateTime MergedAt, string State,
    DateTime? UndoneAt, string? UndoneBy, long? SurvivorNowId, bool LoserStillMergedHere, (long Id, long MergedId, DateTime At)? LaterMerge,
    MergeHistoryCounts Counts);

/// <summary>What the merge moved, as the undo page lists it.</summary>
public sealed record MergeHistoryCounts(int Identifiers, int Activities, int Links, int Tags, int Fields);

/// <summary>When a merge can be undone, and in words why not.</summary>
public static class MergeUndoRules
{
    public const string Done = "done";
    public const string Undone = "undone";
    public const string Erased = "erased";

    /// <summary>
    /// How long a merge can be undone. Its record holds the moved identifiers, so it is kept no longer than this
    /// (then only the audit entry remains); 30 days is the floor and the data-minimising ceiling.
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <summary>Null when the merge can be undone now; otherwise the reason, as the undo page says it.</summary>
    public static string? WhyNot(MergeHistoryFacts facts, DateTime now)
    {
        var merged = $"#{facts.MergedId.ToString(CultureInfo.InvariantCulture)}";
        var survivor = $"#{facts.SurvivorId.ToString(CultureInfo.InvariantCulture)}";
        if (facts.State == Undone)
        {
            return $"This merge was already undone{(facts.UndoneAt is { } at ? $" on {at:yyyy-MM-dd HH:mm} UTC" : "")}{(facts.UndoneBy is { } by ? $" by {by}" : "")}.";
        }
        if (facts.State == Erased || facts.SurvivorNowId is null)
        {
            return "One of the two contacts was erased (Delete & forget): nothing of it is left to bring back.";
        }
        if (now - facts.MergedAt > Window)
        {
            return $"This merge is more than {Window.TotalDays:0} days old. Its record of what moved is kept that long only; " +
                   "split the contact by hand (detach identifiers on its page) instead.";
        }
        if (facts.SurvivorNowId != facts.SurvivorId)
        {
            return $"Contact {survivor} was itself merged into #{facts.SurvivorNowId.Value.ToString(CultureInfo.InvariantCulture)} since. Undo that merge first.";
        }
        if (!facts.LoserStillMergedHere)
        {
            return $"Contact {merged} is no longer a merged-away record of {survivor}.";
        }
        if (facts.LaterMerge is { } later)
        {
            return $"Contact {survivor} took in #{later.MergedId.ToString(CultureInfo.InvariantCulture)} after this merge, on {later.At:yyyy-MM-dd HH:mm} UTC. " +
                   "Merges are undone newest first: undo that one first.";
        }
        return null;
    }
}

/// <summary>What an undo did, for the audit entry, the timeline rows and the page that follows.</summary>
/// <param name="IdentifiersBack">Identifiers now the restored contact's again (with those later events brought it).</param>
/// <param name="ActivitiesBack">Its own activities from before the merge, and later events that resolve to it.</param>
/// <param name="LaterEventsToRestored">Of those, the events that arrived after the merge.</param>
/// <param name="LaterEventsUnplaced">Later events none of whose claims is known any more: they stayed with the survivor.</param>
public sealed record UnmergeResult(
    long SurvivorId, long RestoredId, int IdentifiersBack, int ActivitiesBack, int LaterEventsToRestored, int LaterEventsUnplaced);
