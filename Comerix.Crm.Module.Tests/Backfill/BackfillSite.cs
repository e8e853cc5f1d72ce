using Comerix.Crm.Backfill;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Tests.Backfill;

/// <summary>The module's services as a host builds them (AddComerixCrm), on a fresh database, with a folder for input files.</summary>
internal sealed class BackfillSite : IAsyncDisposable
{
    private readonly TestDatabase? _postgres;

    private BackfillSite(string directory, ServiceProvider services, TestDatabase? postgres)
    {
        Directory = directory;
        Services = services;
        _postgres = postgres;
    }

    public string Directory { get; }

    public ServiceProvider Services { get; }

    public static async Task<BackfillSite> CreateAsync(string provider)
    {
        var directory = Path.Combine(Path.GetTempPath(), "comerix-backfill-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(directory);
        var postgres = provider == CrmDatabaseProviders.Postgres ? await TestDatabase.CreatePostgresAsync() : null;
        var services = new ServiceCollection().AddLogging().AddComerixCrm(crm =>
        {
            crm.DataDirectory = Path.Combine(directory, "data");
            if (postgres is not null)
            {
                crm.DatabaseProvider = CrmDatabaseProviders.Postgres;
                crm.ConnectionString = postgres.Options.ConnectionString;
            }
            // A local receiver address is allowed, so a test can subscribe an endpoint (nothing is delivered: no worker runs).
            crm.Webhooks.AllowHttp = true;
            crm.Webhooks.AllowPrivateNetworks = true;
        }).BuildServiceProvider();
        await services.GetRequiredService<CrmDatabase>().MigrateAsync();
        return new BackfillSite(directory, services, postgres);
    }

    public string File(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public Task<BackfillSummary> ImportAsync(string path, int? batchSize = null, Action<BackfillProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        new EventBackfill(Services).RunAsync(new BackfillRequest("Default", path, BatchSize: batchSize), progress, cancellationToken);

    /// <summary>The live contacts, each as its email (or "-"), its name (or "-") and its number of events, sorted.</summary>
    public async Task<List<string>> ContactsAsync()
    {
        await using var db = Services.GetRequiredService<CrmDatabase>().CreateDbContext();
        var contacts = await db.Contacts.Where(c => c.State == ContactState.Live).Select(c => new { c.Id, c.Email, c.DisplayName }).ToListAsync();
        var events = await db.Activities.Where(a => a.ContactId != null && a.Type != Comerix.Crm.Activity.ActivityTypes.Merge).GroupBy(a => a.ContactId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key!.Value, g => g.Count);
        return contacts.Select(c => $"{c.Email ?? "-"} {c.DisplayName ?? "-"} {events.GetValueOrDefault(c.Id)}").Order(StringComparer.Ordinal).ToList();
    }

    public async Task<int> StoredEventsAsync()
    {
        await using var db = Services.GetRequiredService<CrmDatabase>().CreateDbContext();
        return await db.Activities.CountAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere in the run; the temp folder is cleaned by the OS.
        }
    }
}
