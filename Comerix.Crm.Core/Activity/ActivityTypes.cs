namespace Comerix.Crm.Activity;

/// <summary>
/// The built-in event and activity types. Custom types are allowed (see <see cref="IsValidName"/>), so the set is
/// open: strings, not an enum like the closed states (<see cref="Contacts.ContactState"/>).
/// </summary>
public static class ActivityTypes
{
    public const string Conversation = "conversation";
    public const string Form = "form";
    public const string Conversion = "conversion";
    public const string Telemetry = "telemetry";
    public const string Note = "note";
    /// <summary>Written by the engine itself when two contacts become one; never accepted from outside.</summary>
    public const string Merge = "merge";

    /// <summary>A contact's lifecycle stage changed (the team's doing, written by the directory; never accepted from outside).</summary>
    public const string StageChange = TeamChangePrefix + "stage";

    /// <summary>A contact's owner changed: claimed, released or reassigned (written by the directory; never accepted from outside).</summary>
    public const string OwnerChange = TeamChangePrefix + "owner";

    /// <summary>A merge was undone: the row on both contacts (the team's doing, written by the directory; never accepted from outside).</summary>
    public const string Unmerge = TeamChangePrefix + "unmerge";

    /// <summary>Types starting with this are the directory's records of what the team changed, not events.</summary>
    public const string TeamChangePrefix = "crm:";

    public static bool IsTeamChange(string type) => type.StartsWith(TeamChangePrefix, StringComparison.Ordinal);

    public static IReadOnlyList<string> BuiltIn { get; } = [Conversation, Form, Conversion, Telemetry, Note];

    /// <summary>Lower-case letters, digits and <c>_ . : -</c>, starting with a letter, at most 64 characters.</summary>
    public static bool IsValidName(string? type)
    {
        if (string.IsNullOrEmpty(type) || type.Length > 64 || type[0] is < 'a' or > 'z')
        {
            return false;
        }
        foreach (var c in type)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '.' or ':' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The contact source a contact gets when an event of this type creates it.</summary>
    public static string DefaultContactSource(string type) => type switch
    {
        Conversation => Contacts.ContactSources.Chat,
        Form => Contacts.ContactSources.Form,
        Conversion => Contacts.ContactSources.Conversion,
        Note => Contacts.ContactSources.Manual,
        _ => Contacts.ContactSources.Telemetry,
    };
}
