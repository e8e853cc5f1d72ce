namespace Comerix.Crm.Matching.Rules;

/// <summary>The workflow tasks an identity rule runs when its trigger fires.</summary>
internal static class RuleTasks
{
    /// <summary>Turns event fields into identifier claims (email, phone, customer id…), verified or not.</summary>
    public const string ResolveIdentity = "resolve-identity";
    /// <summary>Copies event fields into the contact's traits (name and company also fill a blank profile).</summary>
    public const string SetTraits = "set-traits";
    /// <summary>Reads an order's value and currency, so the contact's conversion total counts it.</summary>
    public const string RecordConversion = "record-conversion";
    /// <summary>Moves the contact to a lifecycle stage ("a conversion makes a Customer"), never back from a later one.</summary>
    public const string SetStage = "set-stage";

    public static IReadOnlyList<(string Key, string Label)> All { get; } =
    [
        (ResolveIdentity, "Resolve identity"),
        (SetTraits, "Set traits"),
        (RecordConversion, "Record conversion value"),
        (SetStage, "Set lifecycle stage"),
    ];
}
