namespace Comerix.Crm.Contacts;

/// <summary>A contact is live or a tombstone: a closed set (the engine's invariants depend on exactly these two).</summary>
public enum ContactState
{
    Live,

    /// <summary>A tombstone: merged into another contact, kept so its id still resolves to the survivor.</summary>
    Merged,
}

/// <summary>The words <see cref="ContactState"/> is stored as (crm_contacts.state, crm_identifiers.contact_state).</summary>
internal static class ContactStateCodes
{
    public static string ToCode(this ContactState state) => state switch
    {
        ContactState.Live => "live",
        ContactState.Merged => "merged",
        _ => throw StateCodes.NotAState(state),
    };

    public static ContactState FromCode(string code) => code switch
    {
        "live" => ContactState.Live,
        "merged" => ContactState.Merged,
        _ => throw StateCodes.Unknown("contact state", code, "live", "merged"),
    };
}
