namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// Edit similarity for short words (names). Jaro-Winkler because it forgives the typos people make in names (a
/// letter dropped, two swapped) and rewards a shared beginning, which names keep more reliably than endings; the
/// optimal-string-alignment distance (Damerau-Levenshtein without repeated edits of one substring) as a second
/// opinion for long words, where one typo moves Jaro-Winkler less than it should matter.
/// Allocation-free for words up to 64 characters; longer ones are cut there (no name is that long).
/// </summary>
internal static class StringSimilarity
{
    private const int MaxLength = 64;

    /// <summary>Jaro-Winkler similarity, 0..1 (1 when equal).</summary>
    public static double JaroWinkler(string a, string b)
    {
        if (a == b)
        {
            return 1;
        }
        var s = a.AsSpan(0, Math.Min(a.Length, MaxLength));
        var t = b.AsSpan(0, Math.Min(b.Length, MaxLength));
        if (s.Length == 0 || t.Length == 0)
        {
            return 0;
        }
        var window = Math.Max(0, Math.Max(s.Length, t.Length) / 2 - 1);
        Span<bool> sMatched = stackalloc bool[s.Length];
        Span<bool> tMatched = stackalloc bool[t.Length];
        var matches = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var from = Math.Max(0, i - window);
            var to = Math.Min(t.Length - 1, i + window);
            for (var j = from; j <= to; j++)
            {
                if (!tMatched[j] && s[i] == t[j])
                {
                    sMatched[i] = tMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0)
        {
            return 0;
        }
        var transpositions = 0;
        for (int i = 0, j = 0; i < s.Length; i++)
        {
            if (!sMatched[i])
            {
                continue;
            }
            while (!tMatched[j])
            {
                j++;
            }
            if (s[i] != t[j])
            {
                transpositions++;
            }
            j++;
        }
        double m = matches;
        var jaro = (m / s.Length + m / t.Length + (m - transpositions / 2.0) / m) / 3;
        var prefix = 0;
        while (prefix < 4 && prefix < s.Length && prefix < t.Length && s[prefix] == t[prefix])
        {
            prefix++;
        }
        return jaro + prefix * 0.1 * (1 - jaro);
    }

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) between the words, stopping early past <paramref name="limit"/>.</summary>
    public static int EditDistance(string a, string b, int limit)
    {
        var s = a.AsSpan(0, Math.Min(a.Length, MaxLength));
        var t = b.AsSpan(0, Math.Min(b.Length, MaxLength));
        if (Math.Abs(s.Length - t.Length) > limit)
        {
            return limit + 1;
        }
        // Three rows of the dynamic programme: two back is what a transposition looks at.
        Span<int> before = stackalloc int[t.Length + 1];
        Span<int> previous = stackalloc int[t.Length + 1];
        Span<int> current = stackalloc int[t.Length + 1];
        for (var j = 0; j <= t.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= s.Length; i++)
        {
            current[0] = i;
            var rowBest = current[0];
            for (var j = 1; j <= t.Length; j++)
            {
                var cost = s[i - 1] == t[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && s[i - 1] == t[j - 2] && s[i - 2] == t[j - 1])
                {
                    value = Math.Min(value, before[j - 2] + 1);
                }
                current[j] = value;
                rowBest = Math.Min(rowBest, value);
            }
            if (rowBest > limit)
            {
                return limit + 1;
            }
            var spare = before;
            before = previous;
            previous = current;
            current = spare;
        }
        return previous[t.Length];
    }
}
