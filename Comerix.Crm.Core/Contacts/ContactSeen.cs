namespace Comerix.Crm.Contacts;

/// <summary>
/// When a contact was last seen, apart from its profile: most events change this and nothing else, so it is stored
/// on its own (a narrow row whose index is the Contacts list's order) and a visit leaves the profile's row alone.
/// </summary>
public sealed class ContactSeen
{
    public DateTime LastSeen { get; set; }
}
