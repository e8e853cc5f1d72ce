using Comerix.Crm.Identity.Resolution;
using Comerix.Crm.Tests.Infrastructure;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>Each test gets a fresh SQLite database; the engine logic is the same on PostgreSQL (see the Postgres tests).</summary>
public abstract class EngineTestBase : IAsyncLifetime
{
    protected const string Tenant = "Default";
    private readonly Action<IdentityResolutionOptions>? _configure;

    protected EngineTestBase(Action<IdentityResolutionOptions>? configure = null) => _configure = configure;

    protected TestDatabase Db { get; private set; } = null!;

    protected IdentityEngine Engine => Db.Engine;

    public async Task InitializeAsync() => Db = await TestDatabase.CreateSqliteAsync(_configure);

    public async Task DisposeAsync() => await Db.DisposeAsync();

    protected Task<Comerix.Crm.Ingestion.IngestResult> IngestAsync(Comerix.Crm.Ingestion.CrmEvent evt) => Engine.IngestAsync(Tenant, evt);
}
