using Comerix.Crm.Resolution;
using Comerix.Crm.Tests.Infrastructure;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// Each test gets a fresh SQLite database; the engine logic is the same on PostgreSQL (see the Postgres tests). A test
/// class whose storage differs by provider passes <see cref="Comerix.Crm.Data.CrmDatabaseProviders.Postgres"/> (its tests then are <c>[PostgresFact]</c>).
/// </summary>
public abstract class EngineTestBase : IAsyncLifetime
{
    protected const string Tenant = "Default";
    private readonly Action<IdentityResolutionOptions>? _configure;
    private readonly string _provider;

    protected EngineTestBase(Action<IdentityResolutionOptions>? configure = null)
        : this(Comerix.Crm.Data.CrmDatabaseProviders.Sqlite, configure)
    {
    }

    protected EngineTestBase(string provider, Action<IdentityResolutionOptions>? configure = null) =>
        (_provider, _configure) = (provider, configure);

    protected TestDatabase Db { get; private set; } = null!;

    protected IdentityEngine Engine => Db.Engine;

    public async Task InitializeAsync() => Db = await TestDatabase.CreateAsync(_provider, _configure);

    public async Task DisposeAsync() => await Db.DisposeAsync();

    protected Task<Comerix.Crm.Ingestion.IngestResult> IngestAsync(Comerix.Crm.Ingestion.CrmEvent evt) => Engine.IngestAsync(Tenant, evt);
}
