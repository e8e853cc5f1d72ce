namespace Comerix.Crm.Identity.Normalization;

/// <summary>
/// Email match key: trimmed and lower-cased (a <c>mailto:</c> prefix is dropped). Deliberately no provider
/// rules (Gmail dots, plus-tags): those are different mailboxes for most providers and merging on a guess is
/// worse than a review item.
/// </summary>
internal static class EmailNormalizer
{
    public const int MaxLength = 254;

    public static bool TryNormalize(string raw, out string display, out string key)
    {
        display = key = "";
        var value = raw.Trim();
        if (value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            value = value[7..].Trim();
        }
        if (value.Length is 0 or > MaxLength)
        {
            return false;
        }
        var at = value.IndexOf('@');
        if (at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1)
        {
            return false;
        }
        var domain = value.AsSpan(at + 1);
        var dot = domain.IndexOf('.');
        if (dot <= 0 || domain[^1] == '.' || domain.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"')
            {
                return false;
            }
        }
        display = value;
        key = value.ToLowerInvariant();
        return true;
    }
}
