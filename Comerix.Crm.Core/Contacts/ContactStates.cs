namespace Comerix.Crm.Contacts;

internal static class ContactStates
{
    public const string Live = "live";
    /// <summary>A tombstone: merged into another contact, kept so its id still resolves to the survivor.</summary>
    public const string Merged = "merged";
}
