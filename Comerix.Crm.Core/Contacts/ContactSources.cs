namespace Comerix.Crm.Contacts;

/// <summary>Where a contact first appeared. Telemetry is ours on top of the spec's five: a returning visitor
/// seen only through page views is neither a chat nor a form.
/// <para>Strings, not an enum like <see cref="ContactState"/>: an open vocabulary (the spec's list grows, and the
/// stored, filtered and exported value is the word itself).</para></summary>
internal static class ContactSources
{
    public const string Chat = "Chat";
    public const string Form = "Form";
    public const string Conversion = "Conversion";
    public const string Manual = "Manual";
    public const string Import = "Import";
    public const string Telemetry = "Telemetry";

    public static IReadOnlyList<string> All { get; } = [Chat, Form, Conversion, Manual, Import, Telemetry];

    /// <summary>Case-insensitive lookup returning the canonical spelling, or null.</summary>
    public static string? Canonical(string? source) =>
        source is null ? null : All.FirstOrDefault(s => string.Equals(s, source.Trim(), StringComparison.OrdinalIgnoreCase));
}
