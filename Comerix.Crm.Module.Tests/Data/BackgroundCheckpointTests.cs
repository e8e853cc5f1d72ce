using Comerix.Crm.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Data;

/// <summary>
/// On SQLite the engine's commits land in the write-ahead log; a background checkpoint copies them into the
/// database file itself, without waiting for the log to reach the size at which the writer would do it.
/// </summary>
public sealed class BackgroundCheckpointTests
{
    [Fact]
    public async Task IngestedContactsReachTheDatabaseFileWithoutTheWriterCheckpointing()
    {
        await using var db = await TestDatabase.CreateSqliteAsync();
        var file = new SqliteConnectionStringBuilder(db.Database.ConnectionString).DataSource;
        await db.Engine.IngestBatchAsync("Default",
            [Form("f1", Day1, Email("ada@example.com")), Form("f2", Day1, Email("grace@example.com"))]);

        // A few pages of WAL: far below the writer's autocheckpoint (64 MB). Only the background copy puts them in the file.
        var inFile = 0L;
        for (var attempt = 0; attempt < 100 && inFile < 2; attempt++)
        {
            inFile = ContactsInMainFileOnly(file);
            if (inFile < 2)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(2, inFile);
    }

    /// <summary>Counts the contacts in a copy of the main file alone, as a reader without the WAL would see them.</summary>
    private static long ContactsInMainFileOnly(string file)
    {
        var copy = Path.Combine(Path.GetTempPath(), "comerix-tests", $"main-only-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(file, copy);
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
            connection.Open();
            using var count = connection.CreateCommand();
            // The schema itself may still be in the WAL only.
            count.CommandText = "SELECT count(*) FROM sqlite_schema WHERE name = 'crm_contacts'";
            if ((long)count.ExecuteScalar()! == 0)
            {
                return 0;
            }
            count.CommandText = "SELECT count(*) FROM crm_contacts";
            return (long)count.ExecuteScalar()!;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 11)
        {
            // Copied while a checkpoint was writing: torn, as any copy of a live file can be. Look again.
            return 0;
        }
        finally
        {
            foreach (var leftover in new[] { copy, copy + "-wal", copy + "-shm" })
            {
                File.Delete(leftover);
            }
        }
    }
}
