namespace Comerix.Crm.Resolution;

/// <summary>
/// Where an undone merge's rows go: the engine's own rule (DESIGN §3) run again over the events that reached the
/// survivor since the merge, with the two contacts kept apart. Pure, so the rule is tested without a database.
/// </summary>
/// <remarks>
/// The loser gets back what it brought. Each later event goes to the contact its highest-priority matching claim
/// (verified first, then in the event's order) points at, exactly as a tie between two contacts that may not merge is
/// settled; the identifiers it brought for the first time follow it. An event none of whose claims is known any more
/// (an identifier since detached or erased) cannot be placed: it stays with the survivor and is counted.
/// </remarks>
public static class UnmergePlan
{
    public sealed record Identifier(string Type, string Value);

    /// <summary>An activity on the survivor since the merge, in the order it arrived.</summary>
    public sealed record LaterEvent(long ActivityId, string? ClaimKeys);

    /// <param name="EventsToLoser">Later events that resolve to the loser.</param>
    /// <param name="IdentifiersToLoser">The survivor's identifiers that go to the loser: those it brought, and those later events brought it.</param>
    /// <param name="Unplaced">Later events with claims, none of which is known now: they stay with the survivor.</param>
    public sealed record Result(IReadOnlyList<long> EventsToLoser, IReadOnlyList<Identifier> IdentifiersToLoser, int Unplaced);

    /// <param name="loserAtMerge">The loser's identifiers when it was merged.</param>
    /// <param name="survivorAtMerge">The survivor's own identifiers when it was merged.</param>
    /// <param name="onSurvivorNow">The identifiers the survivor holds now.</param>
    /// <param name="priorityOf">The engine's identifier priority (<see cref="IdentityResolutionOptions.PriorityOf"/>): lower wins.</param>
    public static Result Decide(
        IEnumerable<Identifier> loserAtMerge, IEnumerable<Identifier> survivorAtMerge, IReadOnlyCollection<Identifier> onSurvivorNow,
        IEnumerable<LaterEvent> laterEvents, Func<string, int> priorityOf)
    {
        // Who holds each identifier, by the hash later events carry: true for the loser.
        var loserHolds = new Dictionary<(string Type, string Hash), bool>();
        foreach (var i in survivorAtMerge)
        {
            loserHolds[KeyOf(i)] = false;
        }
        foreach (var i in loserAtMerge)
        {
            loserHolds[KeyOf(i)] = true;
        }

        var eventsToLoser = new List<long>();
        var unplaced = 0;
        foreach (var later in laterEvents)
        {
            var claims = ClaimKeys.Parse(later.ClaimKeys);
            if (claims.Count == 0)
            {
                continue; // a note or the team's change, written on the survivor by name: it stays
            }
            var winner = claims
                .Select((claim, order) => (claim, order))
                .Where(c => loserHolds.ContainsKey((c.claim.Type, c.claim.Hash)))
                .OrderBy(c => priorityOf(c.claim.Type)).ThenByDescending(c => c.claim.Verified).ThenBy(c => c.order)
                .Select(c => (ClaimKeys.Key?)c.claim)
                .FirstOrDefault();
            if (winner is null)
            {
                unplaced++;
                continue;
            }
            var toLoser = loserHolds[(winner.Type, winner.Hash)];
            foreach (var claim in claims)
            {
                loserHolds.TryAdd((claim.Type, claim.Hash), toLoser);
            }
            if (toLoser)
            {
                eventsToLoser.Add(later.ActivityId);
            }
        }
        var identifiersToLoser = onSurvivorNow.Where(i => loserHolds.GetValueOrDefault(KeyOf(i))).ToList();
        return new Result(eventsToLoser, identifiersToLoser, unplaced);
    }

    private static (string Type, string Hash) KeyOf(Identifier identifier) =>
        (identifier.Type, ClaimKeys.HashOf(identifier.Type, identifier.Value));
}
