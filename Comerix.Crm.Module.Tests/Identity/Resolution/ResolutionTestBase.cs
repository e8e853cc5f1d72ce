using Comerix.Crm.Resolution;
using Comerix.Crm.Tests.Infrastructure;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// The engine's rule tests, written once against <see cref="GraphStore"/> and run by a subclass per store: SQLite
/// (and PostgreSQL where the class has a subclass for it) and the in-memory resolution store. What they check is the
/// store contract every implementation keeps.
/// </summary>
public abstract class ResolutionTestBase(string store, Action<IdentityResolutionOptions>? configure = null) : IAsyncLifetime
{
    protected const string Tenant = "Default";

    /// <summary>The store kind this run is over: a <see cref="Comerix.Crm.Data.CrmDatabaseProviders"/> name or <see cref="GraphStore.InMemory"/>.</summary>
    protected string StoreKind { get; } = store;

    protected GraphStore Db { get; private set; } = null!;

    protected IdentityEngine Engine => Db.Engine;

    public async Task InitializeAsync() => Db = await GraphStore.CreateAsync(StoreKind, configure);

    public async Task DisposeAsync() => await Db.DisposeAsync();

    protected Task<Comerix.Crm.Ingestion.IngestResult> IngestAsync(Comerix.Crm.Ingestion.CrmEvent evt) => Engine.IngestAsync(Tenant, evt);
}
