using Comerix.Crm.Data;
using Comerix.Crm.Data.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Comerix.Crm.Tests.Data;

/// <summary>
/// A directory created before the SearchIndexLeanWrites migration keeps a working search after it, and its
/// triggers index only contacts with something to find, on every kind of change.
/// </summary>
public sealed class SearchIndexMigrationTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "comerix-tests", Guid.NewGuid().ToString("N"));
    private readonly CrmDatabase _database;

    public SearchIndexMigrationTests() => _database = new CrmOptions { DataDirectory = _directory }.OpenDatabase();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AnExistingDirectoryIsReindexedAndTheTriggersFollowEveryChange()
    {
        await using (var before = _database.CreateDbContext())
        {
            await before.GetService<IMigrator>().MigrateAsync("20261122190000_Suppressions");
        }
        await ExecuteAsync(
            "INSERT INTO crm_contacts (tenant_id, id, state, source, is_identified, first_seen, last_seen, created_at, updated_at, display_name, email) VALUES " +
            "('Default', 1, 'live', 'web', 0, '2026-11-01', '2026-11-01', '2026-11-01', '2026-11-01', NULL, NULL), " +
            "('Default', 2, 'live', 'web', 1, '2026-11-01', '2026-11-01', '2026-11-01', '2026-11-01', 'Ada Lovelace', 'ada@analytical.test'), " +
            "('Default', 3, 'live', 'web', 1, '2026-11-01', '2026-11-01', '2026-11-01', '2026-11-01', 'Grace Hopper', NULL)");

        await _database.MigrateAsync();

        Assert.Equal([2L], await MatchAsync("lovelace"));
        Assert.Equal([3L], await MatchAsync("hopper"));
        Assert.Equal(2L, await IndexedDocumentsAsync());

        // The anonymous contact is identified, one is renamed, one is erased.
        await ExecuteAsync("UPDATE crm_contacts SET email = 'babbage@engine.test', is_identified = 1 WHERE id = 1");
        await ExecuteAsync("UPDATE crm_contacts SET display_name = 'Ada King' WHERE id = 2");
        await ExecuteAsync("DELETE FROM crm_contacts WHERE id = 3");

        Assert.Equal([1L], await MatchAsync("babbage"));
        Assert.Equal([2L], await MatchAsync("king"));
        Assert.Empty(await MatchAsync("lovelace"));
        Assert.Empty(await MatchAsync("hopper"));
        Assert.Equal(2L, await IndexedDocumentsAsync());
        // The company is searched too (SupportSearch migration), and followed like the other columns.
        await ExecuteAsync("UPDATE crm_contacts SET company = 'Difference Engines Ltd' WHERE id = 2");
        Assert.Equal([2L], await MatchAsync("difference engines"));
        await ExecuteAsync("UPDATE crm_contacts SET company = 'Analytical Society' WHERE id = 2");
        Assert.Empty(await MatchAsync("difference engines"));
        Assert.Equal([2L], await MatchAsync("analytical society"));
        Assert.Equal(2L, await IndexedDocumentsAsync());
        // FTS5's own consistency check of the index structure (not against the content table, which also holds
        // the contacts deliberately left out).
        await ExecuteAsync($"INSERT INTO {ContactListSearch.SearchTable}({ContactListSearch.SearchTable}) VALUES ('integrity-check')");
    }

    private async Task<List<long>> MatchAsync(string term)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid FROM crm_contacts_search WHERE crm_contacts_search MATCH $term ORDER BY rowid";
        command.Parameters.AddWithValue("$term", term);
        var rowids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rowids.Add(reader.GetInt64(0));
        }
        // The test inserts ids in rowid order, so rowid and id coincide.
        return rowids;
    }

    private async Task<long> IndexedDocumentsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM crm_contacts_search_docsize";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
