using Comerix.Crm.Matching.Duplicates;

namespace Comerix.Crm.Tests.Identity.Duplicates;

/// <summary>The full pass and the incremental path: blocking brings the corrupted pairs together, and only them.</summary>
public sealed class DuplicateFinderTests
{
    private static Dictionary<string, string> Born(string date) => new() { ["birth_date"] = date };

    [Fact]
    public void AFullPassFindsTheCorruptedPairsLowIdFirstAndNothingElse()
    {
        var candidates = new List<DuplicateCandidate>
        {
            DuplicateCandidate.Of(7, "Robert Schneider", phone: "+49 30 1234567"),
            DuplicateCandidate.Of(3, "Schneider, Bob", phone: "030/1234567"),            // swapped, nickname, phone reformatted
            DuplicateCandidate.Of(4, "Katharina Vogelsang", traits: Born("1984-03-07")),
            DuplicateCandidate.Of(9, "Katharina Vgoelsang", traits: Born("07.03.1984")),   // transposition in the first letters' block
            DuplicateCandidate.Of(5, "Anna Vogelsang", traits: Born("1984-03-07")),       // her twin
            DuplicateCandidate.Of(6, "Maria Garcia", "mg@gmail.com"),
            DuplicateCandidate.Of(8, "Maria Garcia", "garcia.m@web.de"),                  // a namesake
        };

        var search = DuplicateFinder.FindPairs(candidates, CancellationToken.None);

        Assert.Equal([(3L, 7L), (4L, 9L)], search.Pairs.Select(p => (p.LowId, p.HighId)));
        Assert.All(search.Pairs, p => Assert.True(p.Score >= DuplicateScorer.Threshold));
        Assert.Equal(7, search.Stats.Candidates);
    }

    // One person written three times: 1 and 2 share a birth date, 1 and 3 a company, 2 and 3 only a name.
    private static readonly DuplicateCandidate Katherine = DuplicateCandidate.Of(1, "Katherine Schulze", company: "Kappa Bau KG", traits: Born("1989-08-27"));
    private static readonly DuplicateCandidate Kathy = DuplicateCandidate.Of(2, "Kathy Schulze", traits: Born("27.08.1989"));
    private static readonly DuplicateCandidate KatherineAtWork = DuplicateCandidate.Of(3, "Katherine Schulze", company: "KAPPA BAU");

    // Also matches Katherine well (name and company), but against Kathy her birth date says another person.
    private static readonly DuplicateCandidate KathyBornEarlier = DuplicateCandidate.Of(4, "Kathy Schulze", company: "Kappa Bau", traits: Born("1970-01-01"));

    [Fact]
    public void APairWithOnlyANameIsProposedWhenBothMatchAThirdContactAndNothingSpeaksAgainstIt()
    {
        var search = DuplicateFinder.FindPairs([Katherine, Kathy, KatherineAtWork, KathyBornEarlier], CancellationToken.None);

        var pairs = search.Pairs.ToDictionary(p => (p.LowId, p.HighId));
        Assert.DoesNotContain(DuplicateCorroboration.Reason, pairs[(1, 2)].Reasons);
        Assert.DoesNotContain(DuplicateCorroboration.Reason, pairs[(1, 3)].Reasons);
        var carried = pairs[(2, 3)];
        Assert.Contains(DuplicateCorroboration.Reason, carried.Reasons);
        Assert.False(DuplicateScorer.Score(Kathy, KatherineAtWork).IsSuggested); // not on its own
        Assert.Equal(Math.Min(pairs[(1, 2)].Score, pairs[(1, 3)].Score), carried.Score);
        Assert.False(pairs.ContainsKey((2, 4)), "different birth dates: no third contact carries that pair");
    }

    [Fact]
    public void APairAPersonSaidAreTwoPeopleCarriesNoOther()
    {
        var dismissed = new HashSet<(long, long)> { (1, 3) };

        var search = DuplicateFinder.Index([Katherine, Kathy, KatherineAtWork], CancellationToken.None)
            .FindAll(DuplicateScorer.Threshold, dismissed, CancellationToken.None);
        Assert.DoesNotContain(search.Pairs, p => (p.LowId, p.HighId) == (2, 3));

        var index = DuplicateFinder.Index([Katherine, KatherineAtWork], CancellationToken.None);
        Assert.DoesNotContain(DuplicateFinder.FindFor(Kathy, index, dismissed), p => (p.LowId, p.HighId) == (2, 3));
    }

    [Fact]
    public void TheIncrementalPathProposesThePairThroughAThirdContactFromEitherEnd()
    {
        // The weak pair's own contact changes: its strong partner matches the other end.
        var index = DuplicateFinder.Index([Katherine, KatherineAtWork], CancellationToken.None);
        var fromEnd = DuplicateFinder.FindFor(Kathy, index).ToDictionary(p => (p.LowId, p.HighId));
        Assert.Contains(DuplicateCorroboration.Reason, fromEnd[(2, 3)].Reasons);
        Assert.True(fromEnd.ContainsKey((1, 2)));

        // The third contact itself changes: the pair between its two partners.
        index = DuplicateFinder.Index([Kathy, KatherineAtWork], CancellationToken.None);
        var fromMiddle = DuplicateFinder.FindFor(Katherine, index).ToDictionary(p => (p.LowId, p.HighId));
        Assert.Equal([(1L, 2L), (1L, 3L), (2L, 3L)], fromMiddle.Keys.Order());
        Assert.Contains(DuplicateCorroboration.Reason, fromMiddle[(2, 3)].Reasons);

        // Nothing strong, nothing carried.
        index = DuplicateFinder.Index([KatherineAtWork], CancellationToken.None);
        Assert.Empty(DuplicateFinder.FindFor(Kathy, index));
    }

    [Fact]
    public void PairsHoldingOneIdentifierAreTheEnginesNotTheFinders()
    {
        var candidates = new[]
        {
            DuplicateCandidate.Of(1, "Ada Lovelace", "ada@example.com", traits: Born("1815-12-10")),
            DuplicateCandidate.Of(2, "Ada Lovelace", "ADA@example.com", traits: Born("1815-12-10")),
        };

        var search = DuplicateFinder.FindPairs(candidates, CancellationToken.None);

        Assert.Empty(search.Pairs);
        Assert.Equal(1, search.Stats.SkippedSharingIdentifier);
    }

    [Fact]
    public void FindForAnswersForOneChangedContactAndForgetsRemovedOnes()
    {
        var index = DuplicateFinder.Index(
            [DuplicateCandidate.Of(1, "William Turner", company: "Turner & Sons Ltd"), DuplicateCandidate.Of(2, "Joseph Mallord", company: "Tate")],
            CancellationToken.None);
        var changed = DuplicateCandidate.Of(3, "Bill Turner", company: "TURNER & SONS");

        var pairs = DuplicateFinder.FindFor(changed, index);

        var pair = Assert.Single(pairs);
        Assert.Equal((1L, 3L), (pair.LowId, pair.HighId));
        Assert.Contains("same company", pair.Reasons);

        index.AddOrUpdate(changed);
        Assert.Single(index.FindFor(DuplicateCandidate.Of(1, "William Turner", company: "Turner & Sons Ltd")));
        Assert.True(index.Remove(3));
        Assert.Empty(index.FindFor(DuplicateCandidate.Of(1, "William Turner", company: "Turner & Sons Ltd")));
        Assert.False(index.Remove(3));
    }

    [Fact]
    public void AnOversizedBlockIsComparedByNeighboursAndStillFindsTheTypoPair()
    {
        // 400 people called Maria M… make the block "family name sounding like Müller, given name M" far larger than
        // the cap; the typo pair sorts side by side and is found there (their birth date block is small too, so the
        // pair has no birth date here: only the oversized name block can bring it together).
        var candidates = Enumerable.Range(1, 400)
            .Select(i => DuplicateCandidate.Of(i, $"Maria Müller{(char)('a' + i % 26)}{(char)('a' + i / 26 % 26)}", company: $"Company {i}"))
            .Append(DuplicateCandidate.Of(1001, "Maria Mülerzz", company: "Zeppelin Werke"))
            .Append(DuplicateCandidate.Of(1002, "Maria Müllerzz", company: "Zeppelin Werke GmbH"))
            .ToList();

        var search = DuplicateFinder.FindPairs(candidates, CancellationToken.None);

        Assert.True(search.Stats.OversizedBlocks > 0);
        Assert.Contains(search.Pairs, p => (p.LowId, p.HighId) == (1001, 1002));
        Assert.True(search.Stats.ComparedPairs < 400 * 399 / 2, $"{search.Stats.ComparedPairs} pairs compared");
    }

    [Fact]
    public void InADirectoryTwoSpellingsManyPeopleHoldAreTwoNamesNotATypo()
    {
        // A directory where both Meier and Meyer are common family names.
        var directory = Enumerable.Range(1, 1200).Select(i => DuplicateCandidate.Of(i,
            $"{Given(i)} {(i % 3) switch { 0 => "Meier", 1 => "Meyer", _ => Family(i) }}", company: $"Firm {i}")).ToList();
        directory.Add(DuplicateCandidate.Of(5001, "Quirin Meier", company: "Zeppelin Werke"));
        directory.Add(DuplicateCandidate.Of(5002, "Quirin Meyer", company: "Zeppelin Werke"));
        directory.Add(DuplicateCandidate.Of(5003, "Xaver Vogelsang", company: "Luftschiffbau"));
        directory.Add(DuplicateCandidate.Of(5004, "Xaver Vogelsagn", company: "Luftschiffbau AG"));

        var pairs = DuplicateFinder.FindPairs(directory, CancellationToken.None).Pairs.Select(p => (p.LowId, p.HighId)).ToList();

        Assert.DoesNotContain((5001L, 5002L), pairs);
        Assert.Contains((5003L, 5004L), pairs);
    }

    [Fact]
    public void TwoSlipsOfOneShortNameMatchButTwoNamesOfTheirOwnDoNot()
    {
        var directory = Directory();
        directory.AddRange(Enumerable.Range(1, 3).SelectMany(i => new[]
        {
            DuplicateCandidate.Of(2000 + i, $"Lena {Family(i + 7)}"), DuplicateCandidate.Of(3000 + i, $"Jana {Family(i + 9)}"),
        }));
        var born = new Dictionary<string, string> { ["birth_date"] = "1990-07-04" };
        var pairs = PairsIn(directory, DuplicateCandidate.Of(5001, "Luuca Richter", traits: born), DuplicateCandidate.Of(5002, "Luka Richter", traits: born),
            DuplicateCandidate.Of(5003, "Lena Vogelsang", traits: born), DuplicateCandidate.Of(5004, "Jana Vogelsang", traits: born));

        Assert.Contains((5001L, 5002L), pairs);
        Assert.DoesNotContain((5003L, 5004L), pairs);
    }

    [Fact]
    public void TwoSlipsOfANameDoNotMakeItAVeryRareName()
    {
        // Neither slip is a name anyone holds; a name written the same twice is rare, not slipped.
        var pairs = PairsIn(Directory(), DuplicateCandidate.Of(5001, "Quirin Anrold"), DuplicateCandidate.Of(5002, "Quirin Aronld"),
            DuplicateCandidate.Of(5003, "Xaver Vogelsang"), DuplicateCandidate.Of(5004, "Xaver Vogelsang"));

        Assert.DoesNotContain((5001L, 5002L), pairs);
        Assert.Contains((5003L, 5004L), pairs);
    }

    [Fact]
    public void AnUncommonNameWithTheSameCityIsProposed()
    {
        var directory = Directory();
        // Eight more Kowalskis make "Anna Kowalski" a name about one other contact is expected to have by chance.
        directory.AddRange(Enumerable.Range(1, 8).Select(i => DuplicateCandidate.Of(2000 + i, $"{Given(i + 1)} Kowalski")));
        var city = new Dictionary<string, string> { ["city"] = "Kassel" };
        directory.Add(DuplicateCandidate.Of(5001, "Anna Kowalski", traits: city));
        directory.Add(DuplicateCandidate.Of(5002, "Anna Kowalski", traits: city));

        var pair = Assert.Single(DuplicateFinder.FindPairs(directory, CancellationToken.None).Pairs, p => p.LowId == 5001);

        Assert.Equal(5002, pair.HighId);
        Assert.Contains("an uncommon name here", pair.Reasons);
    }

    /// <summary>1,200 contacts with ten common given names and many family names: enough for name frequencies to count.</summary>
    private static List<DuplicateCandidate> Directory() =>
        Enumerable.Range(1, 1200).Select(i => DuplicateCandidate.Of(i, $"{Given(i)} {Family(i)}", company: $"Firm {i}")).ToList();

    private static List<(long, long)> PairsIn(List<DuplicateCandidate> directory, params DuplicateCandidate[] added) =>
        DuplicateFinder.FindPairs(directory.Concat(added), CancellationToken.None).Pairs.Select(p => (p.LowId, p.HighId)).ToList();

    private static string Given(int i) => new[] { "Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hugo", "Ida", "Jonas" }[i % 10];

    private static string Family(int i) => "Name" + (char)('a' + i % 26) + (char)('a' + i / 26 % 26);
}
