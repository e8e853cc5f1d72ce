namespace Comerix.Crm.Identity.Normalization;

/// <summary>
/// Values that clients send when they have nothing to send ("null", "undefined", "0", ...). Letting one of
/// them become an identifier would fold every visitor who sent it into one giant contact.
/// </summary>
internal sealed class JunkValueFilter
{
    public static IReadOnlyList<string> BuiltIn { get; } =
        ["null", "undefined", "anonymous", "0", "-1", "[object Object]", "NaN", "none", "nil", "n/a", "unknown"];

    private readonly HashSet<string> _junk;

    public JunkValueFilter(IEnumerable<string>? extraJunkValues = null)
    {
        _junk = new HashSet<string>(BuiltIn, StringComparer.OrdinalIgnoreCase);
        foreach (var value in extraJunkValues ?? [])
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                _junk.Add(value.Trim());
            }
        }
    }

    /// <summary>True for empty or whitespace values and for any listed value, compared trimmed and case-insensitively.</summary>
    public bool IsJunk(string? value) => string.IsNullOrWhiteSpace(value) || _junk.Contains(value.Trim());
}
