using Comerix.Crm.Activity;
using Comerix.Crm.Api.Keys;
using Comerix.Crm.Audit;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data.Configurations;
using Comerix.Crm.Identity;
using Comerix.Crm.Matching;
using Comerix.Crm.Matching.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Comerix.Crm.Data;

/// <summary>
/// The CRM's tables. Every table leads its keys with the tenant id, so tenants share a database safely and a
/// PostgreSQL sharded by tenant can take over later. Ingestion writes through plain SQL (Data/Sql); reads and
/// admin screens use this context.
/// </summary>
public sealed class CrmDbContext(DbContextOptions<CrmDbContext> options) : DbContext(options)
{
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Identifier> Identifiers => Set<Identifier>();
    public DbSet<ContactActivity> Activities => Set<ContactActivity>();
    public DbSet<ContactLink> ContactLinks => Set<ContactLink>();
    public DbSet<ContactTag> ContactTags => Set<ContactTag>();
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

    internal bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        // The model differs by provider (sequences vs a counter table), so it is cached per provider.
        optionsBuilder.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new ContactConfiguration());
        modelBuilder.ApplyConfiguration(new IdentifierConfiguration());
        modelBuilder.ApplyConfiguration(new ContactActivityConfiguration());
        modelBuilder.ApplyConfiguration(new ContactLinkConfiguration());
        modelBuilder.ApplyConfiguration(new ContactTagConfiguration());
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
    }

    private sealed class ProviderModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (context.GetType(), context.Database.ProviderName, designTime);
    }
}
