using System.Diagnostics;
using System.Globalization;
using Comerix.Crm.Bench.Dedupe;
using Comerix.Crm.Matching.Duplicates;

namespace Comerix.Crm.Bench;

/// <summary>
/// How well the duplicate finder finds duplicates, measured on labelled data: a generated directory (or any labelled
/// CSV given with --file) goes through the product's CSV import, the live contacts are read back, and one full pass of
/// <see cref="DuplicateFinder"/> is scored against the labels at the product's threshold. Prints
/// <c>RESULT dedupe …</c>, a sweep of other thresholds, and with --scale N <c>RESULT dedupe-scale …</c>: a full pass over
/// N generated records (contacts worked out in memory, as the import would join them) against the two-minute budget,
/// and <c>RESULT dedupe-incremental …</c>: what checking one changed contact against that directory costs.
/// </summary>
internal static class DedupeBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var arguments = DedupeArguments.Parse(args);
        List<LabelledRow> rows;
        if (arguments.File is { } file)
        {
            rows = LabelledRow.Read(await File.ReadAllTextAsync(file), arguments);
            Console.WriteLine($"Read {rows.Count:N0} labelled records from {file}.");
        }
        else
        {
            var generated = new LabelledPeopleGenerator(arguments.Seed).Generate(arguments.Records);
            var path = Path.Combine(Path.GetTempPath(), "comerix-bench", $"dedupe-labelled-{arguments.Records}-{arguments.Seed}.csv");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, LabelledRow.Csv(generated));
            Console.WriteLine($"Generated {generated.Count:N0} labelled records (seed {arguments.Seed}): {path}");
            rows = LabelledRow.From(generated);
        }

        var watch = Stopwatch.StartNew();
        var contacts = arguments.Import ? await DedupeImport.RunAsync(rows, arguments.PhoneRegion) : InMemoryContacts.Build(rows, arguments.PhoneRegion);
        Console.WriteLine($"  {(arguments.Import ? "imported" : "joined in memory")} into {contacts.Count:N0} live contacts in {watch.Elapsed.TotalSeconds:F1} s");
        Measure("dedupe", rows, contacts, arguments.PhoneRegion, arguments.Explain);

        if (arguments.Scale is { } scale)
        {
            var scaled = LabelledRow.From(new LabelledPeopleGenerator(arguments.Seed + 1).Generate(scale));
            var scaledContacts = InMemoryContacts.Build(scaled, arguments.PhoneRegion);
            Measure("dedupe-scale", scaled, scaledContacts, arguments.PhoneRegion);
            MeasureIncremental(scaledContacts);
        }
    }

    /// <summary>
    /// The background job's other path: one changed contact checked against an index of all the others. Every
    /// hundredth contact of the directory is checked, as it would be after an edit.
    /// </summary>
    private static void MeasureIncremental(List<LabelledContact> contacts)
    {
        var index = DuplicateFinder.Index(contacts.Select(c => c.Candidate), CancellationToken.None);
        var changed = contacts.Where((_, i) => i % 100 == 0).Select(c => c.Candidate).ToList();
        var watch = Stopwatch.StartNew();
        var pairs = changed.Sum(c => DuplicateFinder.FindFor(c, index).Count);
        var perContact = watch.Elapsed.TotalMilliseconds / changed.Count;
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT dedupe-incremental candidates={index.Count} checked={changed.Count} ms_per_contact={perContact:F2} pairs={pairs}"));
    }

    private static void Measure(string name, IReadOnlyList<LabelledRow> rows, List<LabelledContact> contacts, string region, int explain = 0)
    {
        GC.Collect();
        var watch = Stopwatch.StartNew();
        var search = DuplicateFinder.FindPairs(contacts.Select(c => c.Candidate), CancellationToken.None);
        var seconds = watch.Elapsed.TotalSeconds;
        var result = DedupeEvaluation.Of(rows, contacts, search.Pairs);
        var stats = search.Stats;
        Console.WriteLine($"  {name}: {stats.ComparedPairs:N0} pairs compared in {stats.Blocks:N0} blocks ({stats.OversizedBlocks:N0} over " +
            $"{DuplicateBlocking.MaxBlockSize} compared by sorted neighbourhood), {stats.SkippedSharingIdentifier:N0} sharing an identifier left out");
        Console.WriteLine($"  {name}: people joined whole by the import: {result.ClustersJoinedByImport:N0}; contacts holding records of " +
            $"more than one person (the import's joins on a shared phone): {result.ContactsMixingPeople:N0}");
        if (name == "dedupe")
        {
            if (explain > 0)
            {
                DedupeExplain.Print(contacts, search.Pairs, explain);
            }
            Sweep(rows, contacts);
            Console.WriteLine(FormattableString.Invariant(
                $"RESULT dedupe records={result.Records} contacts={result.Contacts} {result.Figures} seconds={seconds:F2} threshold={DuplicateScorer.Threshold:F2} phone_region={region}"));
        }
        else
        {
            Console.WriteLine(FormattableString.Invariant(
                $"RESULT dedupe-scale candidates={contacts.Count} records={result.Records} seconds={seconds:F1} pairs={search.Pairs.Count} {result.Figures}"));
        }
    }

    /// <summary>Precision and recall at other thresholds, from one pass down to the lowest: what moving the product's threshold would do.</summary>
    private static void Sweep(IReadOnlyList<LabelledRow> rows, List<LabelledContact> contacts)
    {
        var all = DuplicateFinder.FindPairs(contacts.Select(c => c.Candidate), minimumScore: 0.2, CancellationToken.None).Pairs;
        foreach (var threshold in new[] { 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9 })
        {
            var at = DedupeEvaluation.Of(rows, contacts, all.Where(p => p.Score >= threshold));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  threshold {threshold:F2}: {at.Figures}"));
        }
    }
}
