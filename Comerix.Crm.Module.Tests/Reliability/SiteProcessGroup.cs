using System.Security.Cryptography;
using Comerix.Crm.Tests.Infrastructure;

namespace Comerix.Crm.Tests.Reliability;

/// <summary>
/// Several SiteHost processes on one new PostgreSQL database, as several machines behind a load balancer would run
/// them: each with a data folder of its own (so nothing is shared through files), all with the same audit key (which
/// every process on one database needs, docs/scaling.md). Started together, so their set-up races as it would.
/// </summary>
internal sealed class SiteProcessGroup : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "comerix-sites-" + Guid.NewGuid().ToString("N")[..10]);

    private SiteProcessGroup(TestDatabase database, int count, string[] settings)
    {
        _database = database;
        var auditKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        string[] shared = ["--database", "postgres", "--connection", ConnectionString, "--Crm:AuditKey=" + auditKey, .. settings];
        Sites = Enumerable.Range(0, count).Select(i => new SiteHostProcess(Path.Combine(_root, $"site-{i}"), shared)).ToList();
    }

    public IReadOnlyList<SiteHostProcess> Sites { get; }

    public string ConnectionString => _database.Options.ConnectionString!;

    public static async Task<SiteProcessGroup> StartAsync(int count, params string[] settings)
    {
        var group = new SiteProcessGroup(await TestDatabase.CreatePostgresAsync(), count, settings);
        await Task.WhenAll(group.Sites.Select(s => s.StartAsync()));
        return group;
    }

    /// <summary>A SiteHost command on the shared database (from the first site's data folder).</summary>
    public async Task<string> CommandAsync(params string[] args)
    {
        var (code, output, error) = await Sites[0].CommandAsync(args);
        Assert.True(code == 0, $"{string.Join(' ', args)} exited with {code}: {error}");
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var site in Sites)
        {
            site.Dispose();
        }
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
