namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// What two names say about two contacts: pairs each word of the shorter name with a different word of the longer
/// (every order is tried, so "Smith, John" meets "John Smith"; extra middle names are left over), keeps the pairing
/// that agrees most, and weighs it. A name that agrees is evidence for; one word agreeing while another clearly
/// differs is strong evidence against (same family name, other given name: a sibling, a twin, a spouse).
/// </summary>
internal static class NameComparison
{
    /// <param name="frequencies">How common each word is among the contacts compared, when known (it tells a typo from another name).</param>
    public static Evidence Compare(PersonName a, PersonName b, NameFrequencies? frequencies = null)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            return Evidence.Nothing;
        }
        var (shorter, longer) = a.Words.Count <= b.Words.Count ? (a, b) : (b, a);
        Span<WordMatch> best = stackalloc WordMatch[shorter.Words.Count];
        var swapped = BestPairing(shorter, longer, best, frequencies);

        var count = best.Length;
        var none = 0;
        var initials = 0;
        var typos = 0;
        var nicknames = 0;
        var accents = 0;
        foreach (var match in best)
        {
            switch (match)
            {
                case WordMatch.None:
                    none++;
                    break;
                case WordMatch.Initial:
                    initials++;
                    break;
                case WordMatch.Typo:
                    typos++;
                    break;
                case WordMatch.Nickname:
                    nicknames++;
                    break;
                case WordMatch.Accents:
                    accents++;
                    break;
            }
        }

        if (count == 1)
        {
            // One record holds a single word ("Smith", "Bob"): it can agree a little, or disagree.
            return none == 1 ? new Evidence(DuplicateWeights.NamesDiffer, "names differ")
                : initials == 1 ? Evidence.Nothing
                : new Evidence(DuplicateWeights.OneWordNameMatches, "the only name given matches");
        }
        if (none == count)
        {
            return new Evidence(DuplicateWeights.NamesDiffer, "names differ");
        }
        if (none > 0)
        {
            return new Evidence(DuplicateWeights.NamePartlyDiffers, "one name matches, another differs");
        }
        if (initials == count)
        {
            return Evidence.Nothing; // "J. S." against "John Smith" says next to nothing
        }
        if (initials + typos + nicknames + accents == 0 && !swapped && a.Words.Count == b.Words.Count)
        {
            return new Evidence(DuplicateWeights.SameName, "same name");
        }
        var points = initials > 0 ? DuplicateWeights.NameMatchesByInitial
            : typos > 1 ? DuplicateWeights.NameMatchesWithTwoTypos
            : DuplicateWeights.NameMatches;
        var how = new List<string>(4);
        if (nicknames > 0)
        {
            how.Add("nickname");
        }
        if (typos > 0)
        {
            how.Add(typos == 1 ? "a typo" : "typos");
        }
        if (initials > 0)
        {
            how.Add("initial");
        }
        if (accents > 0)
        {
            how.Add("accents differ");
        }
        if (swapped)
        {
            how.Add("given and family name swapped");
        }
        if (a.Words.Count != b.Words.Count)
        {
            how.Add("a middle name on one only");
        }
        return new Evidence(points, $"names match ({string.Join(", ", how)})");
    }

    /// <summary>
    /// The pairing of the shorter name's words with the longer's that agrees most (a written order wins a tie).
    /// Names have at most four words, so trying every pairing is at most 24.
    /// </summary>
    /// <returns>Whether the best pairing puts the words in another order.</returns>
    private static bool BestPairing(PersonName shorter, PersonName longer, Span<WordMatch> best, NameFrequencies? frequencies)
    {
        var n = longer.Words.Count;
        Span<WordMatch> grid = stackalloc WordMatch[shorter.Words.Count * n];
        for (var i = 0; i < shorter.Words.Count; i++)
        {
            for (var j = 0; j < n; j++)
            {
                grid[i * n + j] = NameWords.Compare(shorter.Words[i], shorter.Written[i], longer.Words[j], longer.Written[j], frequencies);
            }
        }
        Span<int> chosen = stackalloc int[shorter.Words.Count];
        var bestWeight = -1.0;
        var bestSwapped = false;
        Search(0, 0, 0.0, grid, n, chosen, best, ref bestWeight, ref bestSwapped);
        return bestSwapped;
    }

    private static void Search(int word, int used, double weight, ReadOnlySpan<WordMatch> grid, int n, Span<int> chosen, Span<WordMatch> best,
        ref double bestWeight, ref bool bestSwapped)
    {
        if (word == chosen.Length)
        {
            var swapped = false;
            for (var i = 1; i < chosen.Length; i++)
            {
                swapped |= chosen[i] < chosen[i - 1];
            }
            // A tiny preference for the order written: "John Smith"/"John Smith" is not a swap of two equal words.
            var total = weight - (swapped ? 0.001 : 0);
            if (total > bestWeight)
            {
                bestWeight = total;
                bestSwapped = swapped;
                for (var i = 0; i < chosen.Length; i++)
                {
                    best[i] = grid[i * n + chosen[i]];
                }
            }
            return;
        }
        for (var j = 0; j < n; j++)
        {
            if ((used & (1 << j)) != 0)
            {
                continue;
            }
            chosen[word] = j;
            Search(word + 1, used | (1 << j), weight + NameWords.Weight(grid[word * n + j]), grid, n, chosen, best, ref bestWeight, ref bestSwapped);
        }
    }
}
