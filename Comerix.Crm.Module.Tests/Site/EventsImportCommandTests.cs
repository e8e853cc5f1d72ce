using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Tests.Backfill;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Tests.Site;

/// <summary><c>events import</c>, run as a user runs it: the SiteHost executable, its output and its exit code.</summary>
public sealed class EventsImportCommandTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "comerix-import-" + Guid.NewGuid().ToString("N")[..10]);

    public EventsImportCommandTests() => Directory.CreateDirectory(_dataDir);

    [Fact]
    public async Task AFileIsImportedTheRejectedLinesListedAndImportingItAgainStoresNothingTwice()
    {
        var file = Path.Combine(_dataDir, "history.ndjson");
        await File.WriteAllTextAsync(file, EventBackfillTests.History);

        var first = await RunAsync(["events", "import", file]);

        Assert.True(first.Code == 3, first.Output + first.Error);
        Assert.DoesNotContain("   at ", first.Output + first.Error);
        Assert.Contains("Events imported:", first.Output);
        foreach (var (label, count) in new[] { ("lines", 10), ("created", 3), ("attached", 2), ("merged", 1), ("duplicate", 1), ("rejected", 3) })
        {
            Assert.Matches($@"(?m)^  {label}:\s+{count}\s*$", first.Output);
        }
        var rejects = first.Output.Split('\n').Single(l => l.StartsWith("Rejected lines", StringComparison.Ordinal)).Split(": ", 2)[1].Trim();
        Assert.Equal(["line 5: ", "line 6: ", "line 10: "], (await File.ReadAllLinesAsync(rejects)).Select(l => l[..(l.IndexOf(':', StringComparison.Ordinal) + 2)]));
        Assert.Equal(EventBackfillTests.HistoryContacts, await ContactsAsync(new CrmOptions { DataDirectory = _dataDir }));

        var again = await RunAsync(["events", "import", file, "--batch", "2"]);

        Assert.Equal(3, again.Code);
        Assert.Matches(@"(?m)^  created:\s+0\s*$", again.Output);
        Assert.Matches(@"(?m)^  duplicate:\s+7\s*$", again.Output);
        Assert.Equal(EventBackfillTests.HistoryContacts, await ContactsAsync(new CrmOptions { DataDirectory = _dataDir }));
    }

    [Fact]
    public async Task GzipFromStandardInputIsImportedAndAFileWithNoBadLineExitsZero()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(EventBackfillTests.People(250)));
        }

        var piped = await RunAsync(["events", "import", "-", "--batch", "100"], standardInput: compressed.ToArray());

        Assert.True(piped.Code == 0, piped.Output + piped.Error);
        Assert.Matches(@"(?m)^  created:\s+250\s*$", piped.Output);
        Assert.DoesNotContain("Rejected lines", piped.Output);
        Assert.Equal(250, (await ContactsAsync(new CrmOptions { DataDirectory = _dataDir })).Count);
    }

    [Theory]
    [InlineData("--batch must be from 1 to 100,000.", "events", "import", "x.ndjson", "--batch", "0")]
    [InlineData("Required argument missing for command: 'import'.", "events", "import")]
    [InlineData("'--frobnicate'", "events", "import", "x.ndjson", "--frobnicate")]
    public async Task ArgumentsTheImportDoesNotTakeAreUsageErrors(string said, params string[] args)
    {
        var refused = await RunAsync(args);

        Assert.Equal(2, refused.Code);
        Assert.Contains(said, refused.Error);
    }

    [Fact]
    public async Task AMissingFileIsSaidInOneLineAndHelpNamesTheOptions()
    {
        var missing = await RunAsync(["events", "import", Path.Combine(_dataDir, "nowhere.ndjson")]);
        Assert.Equal(1, missing.Code);
        Assert.Equal($"Events file not found: {Path.Combine(_dataDir, "nowhere.ndjson")}", missing.Error.Trim());

        var help = await RunAsync(["events", "import", "--help"]);
        Assert.Equal(0, help.Code);
        foreach (var word in new[] { "--tenant", "--batch", "--rejects", "--restart", "gzip", "Segment" })
        {
            Assert.Contains(word, help.Output);
        }
    }

    [PostgresFact]
    public async Task AFileIsImportedIntoPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        var file = Path.Combine(_dataDir, "history.ndjson");
        await File.WriteAllTextAsync(file, EventBackfillTests.History);
        string[] postgres = ["--database", "postgres", "--connection", database.Options.ConnectionString!];

        var first = await RunAsync(["events", "import", file, .. postgres]);
        var again = await RunAsync(["events", "import", file, .. postgres]);

        Assert.True(first.Code == 3, first.Output + first.Error);
        Assert.Matches(@"(?m)^  created:\s+3\s*$", first.Output);
        Assert.Matches(@"(?m)^  duplicate:\s+7\s*$", again.Output);
        Assert.Equal(EventBackfillTests.HistoryContacts, await ContactsAsync(database.Options));
    }

    /// <summary>The live contacts as "email name events", as <see cref="BackfillSite.ContactsAsync"/> lists them.</summary>
    private static async Task<List<string>> ContactsAsync(CrmOptions options)
    {
        await using var database = options.OpenDatabase();
        await using var db = database.CreateDbContext();
        var contacts = await db.Contacts.Where(c => c.State == ContactState.Live).Select(c => new { c.Id, c.Email, c.DisplayName }).ToListAsync();
        var events = await db.Activities.Where(a => a.ContactId != null && a.Type != Comerix.Crm.Activity.ActivityTypes.Merge).GroupBy(a => a.ContactId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key!.Value, g => g.Count);
        return contacts.Select(c => $"{c.Email ?? "-"} {c.DisplayName ?? "-"} {events.GetValueOrDefault(c.Id)}").Order(StringComparer.Ordinal).ToList();
    }

    private Task<(int Code, string Output, string Error)> RunAsync(string[] args, byte[]? standardInput = null) =>
        SiteHostCommand.RunAsync(_dataDir, [.. args, "--data-dir", _dataDir], standardInput);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
