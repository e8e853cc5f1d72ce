namespace Comerix.Crm.Text;

/// <summary>
/// The one rule for "text a database can store", checked at every edge where text comes in (query strings, form
/// values, file names, JSON bodies, recipes) and again by the engine's validator: PostgreSQL refuses NUL in text (a
/// 500 deep in a query), and an unpaired UTF-16 surrogate has no UTF-8 form (it cannot be written, or read back).
/// </summary>
internal static class StorableText
{
    /// <summary>What is wrong with <paramref name="value"/> ("contains a NUL character"), or null when it can be stored.</summary>
    public static string? Problem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return "contains a NUL character";
            }
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "contains an unpaired UTF-16 surrogate (invalid Unicode)";
            }
        }
        return null;
    }
}
