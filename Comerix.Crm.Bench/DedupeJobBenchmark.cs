using System.Diagnostics;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Matching.Duplicates;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Bench;

/// <summary>
/// The duplicate job's full pass as the product runs it, on a stored directory (by default the million-contact one that
/// <c>list --contacts 1000000</c> builds): the live contacts read from the database, the finder's pass, and the
/// suggestions saved. The same calls, in the same order, as <see cref="DuplicateSuggestionJob"/>'s full pass; each step
/// timed. Prints <c>RESULT dedupe-job …</c>. The suggestions it saves are deleted again, so the directory stays as built.
/// </summary>
internal static class DedupeJobBenchmark
{
    private const string Tenant = "Default";

    public static async Task<int> RunAsync(string file)
    {
        if (!File.Exists(file))
        {
            await Console.Error.WriteLineAsync($"No directory at {file}: build one with 'list --contacts 1000000', or name one with --sqlite FILE.");
            return 2;
        }
        var options = new CrmOptions { DataDirectory = Path.GetDirectoryName(Path.GetFullPath(file))!, ConnectionString = $"Data Source={file}" };
        await using var database = options.OpenDatabase();
        await database.MigrateAsync();
        await using var db = database.CreateDbContext(Tenant);
        await db.DuplicateSuggestions.ExecuteDeleteAsync();
        var live = await db.Contacts.CountAsync(c => c.State == ContactState.Live);

        var watch = Stopwatch.StartNew();
        var traitKeys = await DuplicateSuggestions.TraitKeysAsync(db, CancellationToken.None);
        var read = await DuplicateSuggestions.ReadCandidatesAsync(db, traitKeys, null, int.MaxValue, CancellationToken.None);
        var readSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var index = DuplicateFinder.Index(read.Candidates, CancellationToken.None);
        var notTheSame = await DuplicateSuggestions.NotTheSameAsync(db, CancellationToken.None);
        var found = index.FindAll(DuplicateScorer.Threshold, notTheSame, CancellationToken.None);
        var findSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var added = await DuplicateSuggestions.SaveAsync(db, Tenant, found.Pairs, notTheSame, DateTime.UtcNow, CancellationToken.None);
        await DuplicateSuggestions.RetireAsync(db, null, found.Pairs, notTheSame, CancellationToken.None);
        var saveSeconds = watch.Elapsed.TotalSeconds;
        await db.DuplicateSuggestions.ExecuteDeleteAsync();

        var total = readSeconds + findSeconds + saveSeconds;
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT dedupe-job live_contacts={live} candidates={read.Candidates.Count} compared={found.Stats.ComparedPairs} suggestions={added} read_seconds={readSeconds:F1} find_seconds={findSeconds:F1} save_seconds={saveSeconds:F1} seconds={total:F1}"));
        return 0;
    }
}
