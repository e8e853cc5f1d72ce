using Comerix.Crm.Activity;
using Comerix.Crm.Api.Keys;
using Comerix.Crm.Audit;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data.Configurations;
using Comerix.Crm.Identity;
using Comerix.Crm.Matching;
using Comerix.Crm.Matching.Rules;
using Comerix.Crm.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Comerix.Crm.Data;

/// <summary>
/// The CRM's tables. Every table leads its keys with the tenant id, so tenants share a database safely and a
/// PostgreSQL sharded by tenant can take over later. Ingestion writes through plain SQL (Data/Sql); reads and
/// admin screens use this context.
/// <para>
/// Tenant rows are filtered to one tenant by a global query filter (<see cref="TenantFilter"/>), so a LINQ query that
/// forgets the tenant still reads only the current tenant's rows. A context from dependency injection is filtered to
/// <see cref="ICrmTenantAccessor.CurrentTenantId"/>, read at each query (a host's middleware may resolve the tenant
/// after the context was made); background work that serves one tenant at a time names it with
/// <see cref="ScopeTo"/>. A context made with the options alone (<see cref="CrmDatabase.CreateDbContext()"/>) is
/// site-wide: start-up steps, migrations and tests that look across tenants; each of its queries states its tenant.
/// Raw SQL (Data/Sql, the search index) is not filtered and keeps its own <c>tenant_id</c> predicate.
/// </para>
/// </summary>
internal sealed class CrmDbContext : DbContext
{
    /// <summary>The named filter, for a query that must look across tenants: <c>IgnoreQueryFilters([TenantFilter])</c>, with a comment saying why.</summary>
    public const string TenantFilter = "tenant";

    private readonly ICrmTenantAccessor? _accessor;
    private readonly bool _siteWide;
    private string? _scopedTenant;

    /// <summary>A site-wide context: no tenant filter (see the class summary).</summary>
    public CrmDbContext(DbContextOptions<CrmDbContext> options) : base(options) => _siteWide = true;

    /// <summary>A context filtered to the accessor's tenant: the one dependency injection makes.</summary>
    public CrmDbContext(DbContextOptions<CrmDbContext> options, ICrmTenantAccessor tenant) : base(options) => _accessor = tenant;

    /// <summary>A context filtered to one named tenant, for work outside a request.</summary>
    internal CrmDbContext(DbContextOptions<CrmDbContext> options, string tenantId) : base(options) => _scopedTenant = tenantId;

    /// <summary>
    /// The tenant the query filter reads, evaluated at each query. Null (no tenant known) matches no row: a context
    /// that does not know its tenant reads nothing rather than everyone's.
    /// </summary>
    internal string? CurrentTenantId => _scopedTenant ?? _accessor?.CurrentTenantId;

    /// <summary>
    /// For a service whose methods take the tenant and leave its predicate to the filter: the tenant asked for must be
    /// the one this context reads, or the service would answer for another tenant (its raw SQL for one, its LINQ for the other).
    /// </summary>
    internal void RequireTenant(string tenantId)
    {
        if (_siteWide || CurrentTenantId != tenantId)
        {
            throw new InvalidOperationException(
                $"This CrmDbContext reads {(_siteWide ? "every tenant" : $"tenant '{CurrentTenantId}'")}, not '{tenantId}': scope it to the tenant (ScopeTo, CreateDbContext(tenantId)).");
        }
    }

    /// <summary>This context, after <see cref="RequireTenant"/>: for a query that leaves the tenant to the filter.</summary>
    internal CrmDbContext InTenant(string tenantId)
    {
        RequireTenant(tenantId);
        return this;
    }

    /// <summary>
    /// Filters this context to <paramref name="tenantId"/> from now on, whatever the accessor says: for background
    /// work (an import, an erasure retry, a cache load) that runs outside the tenant's request.
    /// </summary>
    internal void ScopeTo(string tenantId)
    {
        if (_siteWide)
        {
            throw new InvalidOperationException("A site-wide CrmDbContext has no tenant filter to scope; make one with CrmDatabase.CreateDbContext(tenantId).");
        }
        _scopedTenant = tenantId;
    }

    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Identifier> Identifiers => Set<Identifier>();
    public DbSet<ContactActivity> Activities => Set<ContactActivity>();
    public DbSet<ContactLink> ContactLinks => Set<ContactLink>();
    public DbSet<ContactTag> ContactTags => Set<ContactTag>();
    public DbSet<CustomField> CustomFields => Set<CustomField>();
    public DbSet<ContactFieldValue> ContactFieldValues => Set<ContactFieldValue>();
    public DbSet<ListColumnChoice> ListColumnChoices => Set<ListColumnChoice>();
    public DbSet<LifecycleStage> LifecycleStages => Set<LifecycleStage>();
    public DbSet<SavedView> SavedViews => Set<SavedView>();
    public DbSet<DoNotContact> DoNotContact => Set<DoNotContact>();
    public DbSet<MergeReviewItem> MergeReviews => Set<MergeReviewItem>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();
    public DbSet<IdentityRule> IdentityRules => Set<IdentityRule>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Erasure.ErasureRequest> ErasureRequests => Set<Erasure.ErasureRequest>();
    public DbSet<Erasure.Suppression> Suppressions => Set<Erasure.Suppression>();
    public DbSet<Import.ImportJob> ImportJobs => Set<Import.ImportJob>();
    public DbSet<StateVersion> StateVersions => Set<StateVersion>();
    public DbSet<Webhooks.WebhookEndpoint> WebhookEndpoints => Set<Webhooks.WebhookEndpoint>();
    public DbSet<Webhooks.WebhookDelivery> WebhookDeliveries => Set<Webhooks.WebhookDelivery>();
    public DbSet<DataStep> DataSteps => Set<DataStep>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SiteProcess> SiteProcesses => Set<SiteProcess>();
    public DbSet<ActivityCount> ActivityCounts => Set<ActivityCount>();
    public DbSet<ContactCount> ContactCounts => Set<ContactCount>();
    public DbSet<Segment> Segments => Set<Segment>();
    public DbSet<BulkRun> BulkRuns => Set<BulkRun>();
    public DbSet<MergeHistoryEntry> MergeHistory => Set<MergeHistoryEntry>();
    public DbSet<MergeHistoryRow> MergeHistoryRows => Set<MergeHistoryRow>();
    public DbSet<DuplicateSuggestion> DuplicateSuggestions => Set<DuplicateSuggestion>();
    public DbSet<DuplicateSettings> DuplicateSettings => Set<DuplicateSettings>();

    internal bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        // The model differs by provider (sequences vs a counter table) and by whether tenant rows are filtered, so it
        // is cached per provider and kind.
        optionsBuilder.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        StateCodeConverters.Register(configurationBuilder);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new ContactConfiguration());
        modelBuilder.ApplyConfiguration(new IdentifierConfiguration());
        modelBuilder.ApplyConfiguration(new ContactActivityConfiguration());
        modelBuilder.ApplyConfiguration(new ContactLinkConfiguration());
        modelBuilder.ApplyConfiguration(new ContactTagConfiguration());
        modelBuilder.ApplyConfiguration(new CustomFieldConfiguration());
        modelBuilder.ApplyConfiguration(new ContactFieldValueConfiguration());
        modelBuilder.ApplyConfiguration(new ListColumnChoiceConfiguration());
        modelBuilder.ApplyConfiguration(new LifecycleStageConfiguration());
        modelBuilder.ApplyConfiguration(new SavedViewConfiguration());
        modelBuilder.ApplyConfiguration(new DoNotContactConfiguration());
        modelBuilder.ApplyConfiguration(new MergeReviewItemConfiguration());
        modelBuilder.ApplyConfiguration(new AuditEntryConfiguration());
        modelBuilder.ApplyConfiguration(new AuditHeadConfiguration());
        modelBuilder.ApplyConfiguration(new IdentityRuleConfiguration());
        modelBuilder.ApplyConfiguration(new ApiKeyConfiguration());
        modelBuilder.ApplyConfiguration(new ErasureRequestConfiguration());
        modelBuilder.ApplyConfiguration(new SuppressionConfiguration());
        modelBuilder.ApplyConfiguration(new ImportJobConfiguration());
        modelBuilder.ApplyConfiguration(new StateVersionConfiguration());
        modelBuilder.ApplyConfiguration(new WebhookEndpointConfiguration());
        modelBuilder.ApplyConfiguration(new WebhookDeliveryConfiguration());
        modelBuilder.ApplyConfiguration(new DataStepConfiguration());
        modelBuilder.ApplyConfiguration(new DataProtectionKeyConfiguration());
        modelBuilder.ApplyConfiguration(new SiteProcessConfiguration());
        modelBuilder.ApplyConfiguration(new ActivityCountConfiguration());
        modelBuilder.ApplyConfiguration(new ContactCountConfiguration());
        modelBuilder.ApplyConfiguration(new SegmentConfiguration());
        modelBuilder.ApplyConfiguration(new BulkRunConfiguration());
        modelBuilder.ApplyConfiguration(new MergeHistoryEntryConfiguration());
        modelBuilder.ApplyConfiguration(new MergeHistoryRowConfiguration());
        modelBuilder.ApplyConfiguration(new DuplicateSuggestionConfiguration());
        modelBuilder.ApplyConfiguration(new DuplicateSettingsConfiguration());
        Search.CrmSqlFunctions.Map(modelBuilder, IsPostgres);
        if (IsPostgres)
        {
            modelBuilder.HasSequence<long>(CrmSequences.ContactIds);
            modelBuilder.HasSequence<long>(CrmSequences.ActivityIds);
            modelBuilder.HasSequence<long>(CrmSequences.ReviewIds);
            modelBuilder.HasSequence<long>(CrmSequences.WebhookDeliveryIds);
        }
        else
        {
            modelBuilder.ApplyConfiguration(new IdCounterConfiguration());
        }
        if (!_siteWide)
        {
            foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => !SiteWideEntities.Contains(e.ClrType)).ToList())
            {
                FilterToTenantMethod.MakeGenericMethod(entity.ClrType).Invoke(this, [modelBuilder]);
            }
        }
    }

    /// <summary>
    /// Tables whose rows are not a tenant's data: counters and markers kept for the site (tenant ""), the key ring every
    /// tenant's cookies share, and the processes serving the site.
    /// </summary>
    internal static readonly IReadOnlySet<Type> SiteWideEntities = new HashSet<Type>
    {
        typeof(StateVersion), typeof(DataStep), typeof(IdCounter), typeof(DataProtectionKey), typeof(SiteProcess),
    };

    private static readonly System.Reflection.MethodInfo FilterToTenantMethod = typeof(CrmDbContext)
        .GetMethod(nameof(FilterToTenant), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;

    // A lambda on this instance: EF Core reads CurrentTenantId from the context that runs each query, as a parameter.
    private void FilterToTenant<TEntity>(ModelBuilder modelBuilder) where TEntity : class =>
        modelBuilder.Entity<TEntity>().HasQueryFilter(TenantFilter, e => EF.Property<string>(e, "TenantId") == CurrentTenantId);

    private sealed class ProviderModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            (context.GetType(), context.Database.ProviderName, ((CrmDbContext)context)._siteWide, designTime);
    }
}
