using System.Text.Json;
using Comerix.Crm.Contacts;

namespace Comerix.Crm.Resolution;

/// <summary>
/// The two contacts' descriptive fields after an undo. A field the merge filled from the loser goes back to what the
/// survivor had, unless it changed since (then a later event or a person set it, and it stays); seen times are widened
/// by the later events each side keeps.
/// </summary>
internal static class UnmergeProfiles
{
    public sealed record Identifiers(IReadOnlyList<string> Emails, IReadOnlyList<string> Phones);

    /// <param name="survivorSeen">Occurrence times of the later events the survivor keeps, in which the person was seen.</param>
    /// <param name="restoredSeen">The same for the later events that go to the restored contact.</param>
    /// <param name="survivorIdentifiers">Display values the survivor holds after the undo, first seen first.</param>
    public static void Restore(
        Contact survivor, Contact restored, SurvivorBefore? before, IReadOnlyList<DateTime> survivorSeen, IReadOnlyList<DateTime> restoredSeen,
        Identifiers survivorIdentifiers, Identifiers restoredIdentifiers, DateTime now)
    {
        if (before is not null)
        {
            if (before.DisplayName is null && survivor.DisplayName == restored.DisplayName)
            {
                survivor.DisplayName = null;
            }
            if (before.Company is null && survivor.Company == restored.Company)
            {
                survivor.Company = null;
            }
            // Seen times only ever come from events: the survivor's own before, widened below by the later events it keeps.
            survivor.FirstSeen = before.FirstSeen;
            survivor.Source = before.Source;
            survivor.LastSeen = before.LastSeen;
            survivor.TraitsJson = TraitsWithoutLosers(survivor.TraitsJson, before.TraitsJson, restored.TraitsJson);
        }
        Widen(survivor, survivorSeen);
        Widen(restored, restoredSeen);
        Identify(survivor, survivorIdentifiers);
        Identify(restored, restoredIdentifiers);
        survivor.UpdatedAt = now;
        restored.UpdatedAt = now;
    }

    private static void Widen(Contact contact, IReadOnlyList<DateTime> seen)
    {
        foreach (var at in seen)
        {
            if (at < contact.FirstSeen)
            {
                contact.FirstSeen = at;
            }
            if (at > contact.LastSeen)
            {
                contact.LastSeen = at;
            }
        }
    }

    /// <summary>The shown email and phone are ones the contact holds: kept if it still does, else its first, else none.</summary>
    private static void Identify(Contact contact, Identifiers identifiers)
    {
        contact.Email = Holds(identifiers.Emails, contact.Email) ? contact.Email : (identifiers.Emails.Count > 0 ? identifiers.Emails[0] : null);
        contact.Phone = Holds(identifiers.Phones, contact.Phone) ? contact.Phone : (identifiers.Phones.Count > 0 ? identifiers.Phones[0] : null);
        contact.IsIdentified = contact.Email is not null || contact.Phone is not null;
    }

    private static bool Holds(IReadOnlyList<string> values, string? value) =>
        value is not null && values.Contains(value, StringComparer.OrdinalIgnoreCase);

    /// <summary>Traits the survivor had only from the loser (same key, same value, not its own before) are taken back.</summary>
    private static string? TraitsWithoutLosers(string? current, string? before, string? losers)
    {
        var traits = ContactProfile.ReadTraits(current);
        var own = ContactProfile.ReadTraits(before);
        var removed = false;
        foreach (var (key, value) in ContactProfile.ReadTraits(losers))
        {
            if (!own.ContainsKey(key) && traits.TryGetValue(key, out var now) && now == value)
            {
                removed |= traits.Remove(key);
            }
        }
        return !removed ? current : traits.Count == 0 ? null : JsonSerializer.Serialize(traits);
    }
}
