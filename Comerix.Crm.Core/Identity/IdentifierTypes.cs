namespace Comerix.Crm.Identity;

/// <summary>
/// The built-in identifier types. The strings are part of the public contract (API, recipes, rules).
/// <para>
/// Strings, not an enum like the closed states (<see cref="Contacts.ContactState"/>): the vocabulary is open by design
/// (new types come with integrations, and the crm_identifiers key holds whatever a version wrote); <see cref="IsKnown"/>
/// is where this version draws the line.
/// </para>
/// </summary>
public static class IdentifierTypes
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string CustomerId = "customer_id";
    public const string ConversationId = "conversation_id";
    public const string VisitorId = "visitor_id";
    public const string ExternalRef = "external_ref";

    public static IReadOnlyList<string> All { get; } =
        [CustomerId, Email, Phone, ExternalRef, ConversationId, VisitorId];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);

    /// <summary>Email and phone are what make a person Identified rather than Anonymous.</summary>
    public static bool Identifies(string type) => type is Email or Phone;
}
