using Comerix.Crm.Data;
using Comerix.Crm.Tenancy;
using Comerix.Crm.Tests.Identity.Resolution;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Data;

/// <summary>
/// Issue 17 item 2: the CRM's context filters tenant rows by a global query filter fed by the tenant accessor, so a
/// LINQ query written without a tenant predicate still reads only the current tenant's rows. Two tenants hold the
/// same email; every query below forgets the tenant on purpose. Run on SQLite by <see cref="TenantQueryFilterTests"/>
/// and on PostgreSQL by <see cref="TenantQueryFilterOnPostgresTests"/>.
/// </summary>
public abstract class TenantQueryFilterScenarios(string provider) : EngineTestBase(provider)
{
    private const string Acme = "acme";
    private const string Globex = "globex";

    /// <summary>What a host's accessor does: the tenant may be resolved after the context was made.</summary>
    private sealed class SwitchableTenant(string tenantId) : ICrmTenantAccessor
    {
        public string CurrentTenantId { get; set; } = tenantId;
    }

    private async Task SeedAsync()
    {
        foreach (var tenant in new[] { Acme, Globex })
        {
            await Engine.IngestAsync(tenant, Form($"{tenant}-1", Day1, Email("same@overlap.test")));
            await Engine.IngestAsync(tenant, Form($"{tenant}-2", Day1, Email($"only@{tenant}.test")));
        }
    }

    /// <summary>The context as the module registers it: from dependency injection, beside the host's accessor.</summary>
    private ServiceProvider Services(ICrmTenantAccessor accessor) => new ServiceCollection()
        .AddSingleton(accessor)
        .AddDbContext<CrmDbContext>(builder => Db.Database.Configure(builder))
        .BuildServiceProvider();

    protected async Task A_query_without_a_tenant_predicate_reads_only_the_current_tenants_rows_Async()
    {
        await SeedAsync();
        var accessor = new SwitchableTenant(Acme);
        await using var services = Services(accessor);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();

        var contacts = await db.Contacts.AsNoTracking().ToListAsync();
        Assert.Equal(2, contacts.Count);
        Assert.All(contacts, c => Assert.Equal(Acme, c.TenantId));
        Assert.Equal(["only@acme.test", "same@overlap.test"], (await db.Identifiers.Select(i => i.Value).ToListAsync()).Order());
        Assert.All(await db.Activities.AsNoTracking().ToListAsync(), a => Assert.Equal(Acme, a.TenantId));
        Assert.All(await db.AuditEntries.AsNoTracking().ToListAsync(), e => Assert.Equal(Acme, e.TenantId));
        // A join that forgets the tenant on both sides.
        var emails = await db.Contacts.Join(db.Identifiers, c => c.Id, i => i.ContactId, (c, i) => i.Value).ToListAsync();
        Assert.Equal(2, emails.Count);

        // The accessor is read at each query, not when the context was made.
        accessor.CurrentTenantId = Globex;
        Assert.Equal(["only@globex.test", "same@overlap.test"], (await db.Identifiers.Select(i => i.Value).ToListAsync()).Order());

        // The same rows, with the filter set aside as a cross-tenant job must say it does: both tenants.
        Assert.Equal(4, await db.Contacts.IgnoreQueryFilters([CrmDbContext.TenantFilter]).CountAsync());
        await using var siteWide = Db.Database.CreateDbContext();
        Assert.Equal(4, await siteWide.Contacts.CountAsync());
    }

    protected async Task Work_scoped_to_a_tenant_reads_that_tenant_whatever_the_accessor_says_Async()
    {
        await SeedAsync();
        await using var services = Services(new SwitchableTenant("Default"));
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        Assert.Empty(await db.Contacts.ToListAsync());

        db.ScopeTo(Globex);
        Assert.Equal(["only@globex.test", "same@overlap.test"], (await db.Identifiers.Select(i => i.Value).ToListAsync()).Order());
        await using var acme = Db.Database.CreateDbContext(Acme);
        Assert.Equal(["only@acme.test", "same@overlap.test"], (await acme.Identifiers.Select(i => i.Value).ToListAsync()).Order());
    }

    protected async Task Every_tenant_table_is_filtered_Async()
    {
        await using var services = Services(new SwitchableTenant(Acme));
        await using var scope = services.CreateAsyncScope();
        var model = scope.ServiceProvider.GetRequiredService<CrmDbContext>().Model;
        var unfiltered = model.GetEntityTypes()
            .Where(e => e.FindProperty("TenantId") is not null && !CrmDbContext.SiteWideEntities.Contains(e.ClrType))
            .Where(e => e.FindDeclaredQueryFilter(CrmDbContext.TenantFilter) is null)
            .Select(e => e.GetTableName()).ToList();
        Assert.Empty(unfiltered);
        Assert.True(model.GetEntityTypes().Count(e => e.FindDeclaredQueryFilter(CrmDbContext.TenantFilter) is not null) >= 15);
    }
}

public sealed class TenantQueryFilterTests() : TenantQueryFilterScenarios(CrmDatabaseProviders.Sqlite)
{
    [Fact]
    public Task A_query_without_a_tenant_predicate_reads_only_the_current_tenants_rows() =>
        A_query_without_a_tenant_predicate_reads_only_the_current_tenants_rows_Async();

    [Fact]
    public Task Work_scoped_to_a_tenant_reads_that_tenant_whatever_the_accessor_says() =>
        Work_scoped_to_a_tenant_reads_that_tenant_whatever_the_accessor_says_Async();

    [Fact]
    public Task Every_tenant_table_is_filtered() => Every_tenant_table_is_filtered_Async();
}

public sealed class TenantQueryFilterOnPostgresTests() : TenantQueryFilterScenarios(CrmDatabaseProviders.Postgres)
{
    [PostgresFact]
    public Task A_query_without_a_tenant_predicate_reads_only_the_current_tenants_rows() =>
        A_query_without_a_tenant_predicate_reads_only_the_current_tenants_rows_Async();

    [PostgresFact]
    public Task Work_scoped_to_a_tenant_reads_that_tenant_whatever_the_accessor_says() =>
        Work_scoped_to_a_tenant_reads_that_tenant_whatever_the_accessor_says_Async();
}
