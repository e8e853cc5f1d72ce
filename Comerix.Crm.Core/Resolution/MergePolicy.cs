using Comerix.Crm.Contacts;
using Comerix.Crm.Matching;

namespace Comerix.Crm.Resolution;

/// <summary>DESIGN.md §3: when several contacts are tied by one event, are they the same person?</summary>
internal sealed class MergePolicy(IdentityResolutionOptions options)
{
    public sealed record Decision(bool Merge, string? ReasonCode, string Reason);

    /// <param name="unverifiedTyingTypes">
    /// The types of the claims that found an existing contact without being verified; empty when every one was.
    /// </param>
    public Decision Decide(
        IReadOnlyList<Contact> contacts, IReadOnlyList<IReadOnlyDictionary<string, int>> counts, IReadOnlyList<string> unverifiedTyingTypes)
    {
        foreach (var (type, limit) in options.MaxPerContact)
        {
            var total = 0;
            foreach (var perType in counts)
            {
                total += perType.GetValueOrDefault(type);
            }
            if (total > limit)
            {
                return new Decision(false, MergeReasonCodes.LimitExceeded,
                    $"Merging would give one contact {total} {type} identifiers (limit {limit}).");
            }
        }
        var identified = contacts.Count(c => c.IsIdentified);
        if (identified <= 1)
        {
            return new Decision(true, null, identified == 1
                ? "Anonymous activity folded into the identified contact it shares an identifier with."
                : "Anonymous contacts shared an identifier.");
        }
        return unverifiedTyingTypes.Count == 0
            ? new Decision(true, null, "Identified contacts tied by verified identifiers.")
            : new Decision(false, MergeReasonCodes.UnverifiedTie,
                $"{identified} identified contacts are tied by an unverified {string.Join(" and ", unverifiedTyingTypes)} (anyone can type one into a form or chat).");
    }

    /// <summary>Survivor of an automatic merge: the identified one, else the earliest first seen (lowest id on a tie).</summary>
    public static Contact PickSurvivor(IReadOnlyList<Contact> contacts) => contacts
        .OrderByDescending(c => c.IsIdentified)
        .ThenBy(c => c.FirstSeen)
        .ThenBy(c => c.Id)
        .First();
}
