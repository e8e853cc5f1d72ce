namespace Comerix.Crm.Data;

/// <summary>An "IN (…)" list for EF Core's raw SQL: one numbered placeholder per id, every id a parameter.</summary>
internal static class SqlInList
{
    /// <summary>Appends <paramref name="ids"/> to <paramref name="parameters"/> and returns "{7}, {8}, …" for them.</summary>
    public static string Placeholders(List<object> parameters, IReadOnlyCollection<long> ids)
    {
        var first = parameters.Count;
        parameters.AddRange(ids.Cast<object>());
        return string.Join(", ", Enumerable.Range(first, ids.Count).Select(i => "{" + i + "}"));
    }

    /// <summary>Appends <paramref name="value"/> to <paramref name="parameters"/> and returns its numbered placeholder, "{7}".</summary>
    public static string Placeholder(List<object> parameters, object value)
    {
        parameters.Add(value);
        return "{" + (parameters.Count - 1) + "}";
    }
}
