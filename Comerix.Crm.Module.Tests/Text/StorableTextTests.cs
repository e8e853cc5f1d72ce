using Comerix.Crm.Tests.Infrastructure;
using Comerix.Crm.Tests.Site;

namespace Comerix.Crm.Tests.Text;

/// <summary>Text no database can keep, refused at the edge by name; old rows holding it still read (SQLite).</summary>
public sealed class StorableTextTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public Task LoneSurrogateEscapesAreRefusedByPathWhereverJsonIsRead() => StorableTextScenarios.LoneSurrogateEscapesAreRefusedByPathWhereverJsonIsRead(site);

    [Fact]
    public Task ARowStoredWithALoneSurrogateStillReads() => StorableTextScenarios.ARowStoredWithALoneSurrogateStillReads(site);

    [Fact]
    public Task NulInAQueryAFormOrAFileNameIs400NamingIt() => StorableTextScenarios.NulInAQueryAFormOrAFileNameIs400NamingIt(site);
}

/// <summary>The same on PostgreSQL, where a NUL in a query was a 500.</summary>
public sealed class StorableTextOnPostgresTests
{
    [PostgresFact]
    public async Task LoneSurrogateEscapesAreRefusedByPathWhereverJsonIsReadOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = SiteFactory.OnPostgres(database);
        await StorableTextScenarios.LoneSurrogateEscapesAreRefusedByPathWhereverJsonIsRead(site);
    }

    [PostgresFact]
    public async Task ARowStoredWithALoneSurrogateStillReadsOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = SiteFactory.OnPostgres(database);
        await StorableTextScenarios.ARowStoredWithALoneSurrogateStillReads(site);
    }

    [PostgresFact]
    public async Task NulInAQueryAFormOrAFileNameIs400NamingItOnPostgres()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = SiteFactory.OnPostgres(database);
        await StorableTextScenarios.NulInAQueryAFormOrAFileNameIs400NamingIt(site);
    }
}
