using System.Text.Json;
using Comerix.Crm.Contacts;

namespace Comerix.Crm.Resolution;

/// <summary>
/// What a merge records so that it can be undone (<c>crm_merge_history</c>): the store writes it with the rows it
/// moves, in the same statements, so a merge and its record never part.
/// </summary>
/// <param name="MergeId">The id of the merge's own timeline row, which the merge also goes by.</param>
/// <param name="Kind">automatic, review or manual (<see cref="ContactMerger.KindOf"/>).</param>
/// <param name="SurvivorBeforeJson">The survivor's profile before the loser filled its blanks (<see cref="SurvivorBefore"/>).</param>
public sealed record MergeHistoryDraft(
    long MergeId, string Kind, string Actor, string Reason, string? EvidenceEventId, DateTime At, string SurvivorBeforeJson);

/// <summary>
/// The survivor's descriptive fields just before a merge. Email and phone are not kept: an undo works them out from
/// the identifiers each side ends up with.
/// </summary>
public sealed record SurvivorBefore(string? DisplayName, string? Company, string Source, DateTime FirstSeen, DateTime LastSeen, string? TraitsJson)
{
    public static SurvivorBefore Of(Contact survivor) =>
        new(survivor.DisplayName, survivor.Company, survivor.Source, survivor.FirstSeen, survivor.LastSeen, survivor.TraitsJson);

    public string ToJson() => JsonSerializer.Serialize(this);

    public static SurvivorBefore? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<SurvivorBefore>(json);
}
