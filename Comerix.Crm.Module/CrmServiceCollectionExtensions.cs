using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Comerix.Crm.Identity.Resolution;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Activity;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Erasure;
using Comerix.Crm.Matching;
using Comerix.Crm.Navigation;
using Comerix.Crm.Recipes;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Comerix.Crm.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Comerix.Crm;

/// <summary>The one place that shows what the Comerix CRM module adds to a host.</summary>
public static class CrmServiceCollectionExtensions
{
    public static IServiceCollection AddComerixCrm(this IServiceCollection services, Action<CrmOptions>? configure = null)
    {
        var options = new CrmOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddSingleton(options.Resolution);
        services.TryAddSingleton(TimeProvider.System);

        // Storage: one configured database serves EF Core (schema, reads) and the SQL ingestion path.
        services.AddSingleton<CrmDatabase>();
        services.AddDbContext<CrmDbContext>((sp, builder) => sp.GetRequiredService<CrmDatabase>().Configure(builder));
        services.AddHostedService<CrmMigrationHostedService>();

        // The identity engine and what is built on it.
        services.AddSingleton<IIdentityStore>(sp =>
            new SqlIdentityStore(sp.GetRequiredService<CrmDatabase>().Dialect, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IdentityEngine>();
        services.AddSingleton<MergeReviewService>();
        services.TryAddSingleton<ICrmTenantAccessor, DefaultTenantAccessor>();
        services.AddScoped<ICrmEventSink, CrmEventSink>();

        // The admin: permissions (declared once, enforced as policies), menu, pages and what they read.
        services.AddSingleton<IPermissionProvider, CrmPermissions>();
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<INavigationProvider, CrmAdminMenu>();
        services.TryAddSingleton<ITenantFeatures, AllFeaturesEnabled>();
        services.AddScoped<ContactDirectory>();
        services.AddScoped<ContactDetailsReader>();
        services.AddScoped<ContactFootprintReader>();
        services.AddScoped<ContactEditor>();
        services.AddScoped<ContactErasureService>();
        services.AddScoped<RecordLinks>();
        services.AddScoped<MergeReviewQueue>();
        services.AddScoped<ActivityInbox>();
        services.AddScoped<RecipeExecutor>();
        services.AddRazorPages();
        return services;
    }
}
