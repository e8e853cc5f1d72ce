namespace Comerix.Crm.Contacts;

/// <summary>
/// "Do not contact": the person must not be sent anything (newsletters, campaigns, cold outreach), and why. Other
/// modules ask before they send; the team sets and lifts it on the profile. A merge keeps it on the survivor (if
/// either record said stop, the person said stop); Delete &amp; forget deletes it with the person.
/// </summary>
internal sealed class DoNotContact
{
    public required string TenantId { get; set; }
    public long ContactId { get; set; }

    /// <summary>A <see cref="DoNotContactReasons"/> code.</summary>
    public required string Reason { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

internal static class DoNotContactReasons
{
    public static readonly IReadOnlyList<(string Code, string Label)> All =
    [
        ("unsubscribed", "Unsubscribed"),
        ("asked", "Asked not to be contacted"),
        ("bounced", "Messages bounce"),
        ("complaint", "Reported messages as spam"),
        ("other", "Another reason"),
    ];

    public static string? Canonical(string? code) =>
        All.Select(r => r.Code).FirstOrDefault(c => string.Equals(c, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string Label(string code) => All.FirstOrDefault(r => r.Code == code).Label ?? code;
}
