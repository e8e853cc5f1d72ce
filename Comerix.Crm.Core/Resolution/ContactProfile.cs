using System.Text.Json;
using Comerix.Crm.Contacts;
using Comerix.Crm.Identity;

namespace Comerix.Crm.Resolution;

/// <summary>How an event or a merge changes a contact's descriptive fields. Never touches identity.</summary>
internal static class ContactProfile
{
    private static readonly JsonSerializerOptions TraitJson = new() { WriteIndented = false };

    /// <summary>Seen times widen to cover the event; traits from the newest event win, older events only fill gaps.</summary>
    /// <param name="mayOverwrite">
    /// False when the event may only fill gaps however new it is: an identified contact reached only through claims
    /// anyone could type (an email in a browser console or a form) must not have their name or traits rewritten.
    /// </param>
    /// <param name="personWasSeen">False for what others wrote about the person (a note): their seen times stay.</param>
    public static void ApplyEvent(Contact contact, DateTime occurredAt, IReadOnlyDictionary<string, string>? traits, DateTime now,
        bool mayOverwrite, bool personWasSeen = true)
    {
        var isNewest = occurredAt >= contact.LastSeen;
        if (personWasSeen && occurredAt < contact.FirstSeen)
        {
            contact.FirstSeen = occurredAt;
        }
        if (personWasSeen && isNewest)
        {
            contact.LastSeen = occurredAt;
        }
        if (traits is { Count: > 0 })
        {
            var overwrite = isNewest && mayOverwrite;
            MergeTraits(contact, traits, overwrite);
            FillBlanksFromTraits(contact, traits, mayCompleteName: overwrite);
        }
        contact.UpdatedAt = now;
    }

    public static void SetIdentifyingValue(Contact contact, string type, string displayValue)
    {
        if (type == IdentifierTypes.Email && contact.Email is null)
        {
            contact.Email = displayValue;
        }
        else if (type == IdentifierTypes.Phone && contact.Phone is null)
        {
            contact.Phone = displayValue;
        }
        contact.IsIdentified = contact.Email is not null || contact.Phone is not null;
    }

    /// <summary>The survivor keeps what it has; blanks are filled from the loser. Source is where the person first appeared.</summary>
    public static void AbsorbLoser(Contact survivor, Contact loser, DateTime now)
    {
        survivor.DisplayName ??= loser.DisplayName;
        survivor.Email ??= loser.Email;
        survivor.Phone ??= loser.Phone;
        survivor.Company ??= loser.Company;
        survivor.IsIdentified = survivor.Email is not null || survivor.Phone is not null;
        if (loser.FirstSeen < survivor.FirstSeen)
        {
            survivor.FirstSeen = loser.FirstSeen;
            survivor.Source = loser.Source;
        }
        if (loser.LastSeen > survivor.LastSeen)
        {
            survivor.LastSeen = loser.LastSeen;
        }
        if (loser.TraitsJson is not null)
        {
            MergeTraits(survivor, ReadTraits(loser.TraitsJson), overwrite: false);
        }
        survivor.UpdatedAt = now;
    }

    public static SortedDictionary<string, string> ReadTraits(string? json) =>
        string.IsNullOrEmpty(json)
            ? new SortedDictionary<string, string>(StringComparer.Ordinal)
            : new SortedDictionary<string, string>(
                JsonSerializer.Deserialize<Dictionary<string, string>>(json, TraitJson) ?? [], StringComparer.Ordinal);

    private static void MergeTraits(Contact contact, IEnumerable<KeyValuePair<string, string>> traits, bool overwrite)
    {
        var current = ReadTraits(contact.TraitsJson);
        var changed = false;
        foreach (var (key, value) in traits)
        {
            var name = key.Trim();
            if (value is null)
            {
                changed |= overwrite && current.Remove(name);
            }
            else if ((overwrite || !current.ContainsKey(name)) && (!current.TryGetValue(name, out var old) || old != value))
            {
                current[name] = value;
                changed = true;
            }
        }
        if (changed)
        {
            contact.TraitsJson = current.Count == 0 ? null : JsonSerializer.Serialize(current, TraitJson);
        }
    }

    /// <param name="mayCompleteName">
    /// Only an event that may overwrite may complete the name: an older form saying less must not undo it, and an
    /// unvouched claim must not rename an identified person.
    /// </param>
    private static void FillBlanksFromTraits(Contact contact, IReadOnlyDictionary<string, string> traits, bool mayCompleteName)
    {
        var name = NameOf(traits);
        if (string.IsNullOrWhiteSpace(contact.DisplayName) || (mayCompleteName && name is not null && Completes(name, contact.DisplayName)))
        {
            contact.DisplayName = name;
        }
        if (string.IsNullOrWhiteSpace(contact.Company))
        {
            contact.Company = Trait(traits, "company");
        }
    }

    /// <summary>The person's name as the event's traits give it: <c>name</c>, else first and last name.</summary>
    public static string? NameOf(IReadOnlyDictionary<string, string> traits)
    {
        var name = Trait(traits, "name");
        if (name is null)
        {
            var first = Trait(traits, "first_name") ?? Trait(traits, "firstName");
            var last = Trait(traits, "last_name") ?? Trait(traits, "lastName");
            name = first is null && last is null ? null : $"{first} {last}".Trim();
        }
        return name;
    }

    /// <summary>
    /// True when <paramref name="fuller"/> is <paramref name="current"/> with more words after it ("Barbara Liskov" after
    /// "Barbara"). Only such a name replaces the profile's: any other (a nickname, a typo, a colleague filling in a
    /// form) could be someone else's words for the person, so it stays in the traits and the profile says so.
    /// </summary>
    public static bool Completes(string fuller, string current)
    {
        var start = current.Trim();
        return start.Length > 0 && fuller.Length > start.Length + 1
            && fuller.StartsWith(start, StringComparison.OrdinalIgnoreCase) && char.IsWhiteSpace(fuller[start.Length]);
    }

    private static string? Trait(IReadOnlyDictionary<string, string> traits, string key) =>
        traits.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
