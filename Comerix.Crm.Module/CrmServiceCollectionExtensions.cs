using Comerix.Crm.Activity;
using Comerix.Crm.Api;
using Comerix.Crm.Api.Keys;
using Comerix.Crm.Api.Security;
using Comerix.Crm.Audit;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Comerix.Crm.Erasure;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Matching;
using Comerix.Crm.Matching.Rules;
using Comerix.Crm.Navigation;
using Comerix.Crm.Pages;
using Comerix.Crm.Recipes;
using Comerix.Crm.Resolution;
using Comerix.Crm.Security;
using Comerix.Crm.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Comerix.Crm;

/// <summary>The one place that shows what the Comerix CRM module adds to a host.</summary>
public static class CrmServiceCollectionExtensions
{
    /// <summary>
    /// The module with its settings from <paramref name="configuration"/>'s <c>Crm</c> section (<c>Crm:TimeZone</c>,
    /// <c>Crm:Resolution:BatchTransactionSize</c>…), then <paramref name="configure"/>. A list set there replaces the
    /// default list (<c>Crm:Resolution:Priority</c>); a setting the module cannot use stops the host at start-up with a
    /// message that names it (see <see cref="Settings.CrmOptionsValidator"/>).
    /// </summary>
    /// <param name="configuration">The host's configuration (its root, not the <c>Crm</c> section).</param>
    public static IServiceCollection AddComerixCrm(this IServiceCollection services, IConfiguration configuration, Action<CrmOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Settings.CrmSettings.Section);
        var options = services.AddOptions<CrmOptions>()
            .Bind(section)
            .Configure(crm => Settings.ConfiguredLists.Replace(section, crm));
        if (configure is not null)
        {
            options.Configure(configure);
        }
        return services.AddComerixCrmServices(options);
    }

    /// <summary>
    /// The module with settings made in code. <paramref name="configure"/> runs here once as well, on a copy of its own,
    /// so a setting the module cannot use stops the host now, before it is built (as an unknown time zone always did),
    /// with an <see cref="OptionsValidationException"/> that names it; what is configured later is checked at start-up.
    /// </summary>
    public static IServiceCollection AddComerixCrm(this IServiceCollection services, Action<CrmOptions>? configure = null)
    {
        var now = new CrmOptions();
        configure?.Invoke(now);
        if (new Settings.CrmOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, now) is { Failed: true } result)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(CrmOptions), result.Failures);
        }
        var options = services.AddOptions<CrmOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        return services.AddComerixCrmServices(options);
    }

    private static IServiceCollection AddComerixCrmServices(this IServiceCollection services, OptionsBuilder<CrmOptions> options)
    {
        // Checked when the host starts (and whenever the options are first read, as by a command that never starts it).
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrmOptions>, Settings.CrmOptionsValidator>());
        // The module's services take the settings as plain objects, one instance for the process.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<CrmOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<CrmOptions>().Resolution);
        services.AddSingleton(sp => new Pages.Admin.SiteTime(sp.GetRequiredService<CrmOptions>()));
        services.TryAddSingleton(TimeProvider.System);

        // Storage: one configured database serves EF Core (schema, reads) and the SQL ingestion path.
        services.AddSingleton(sp => sp.GetRequiredService<CrmOptions>().OpenDatabase(sp.GetService<Microsoft.Extensions.Logging.ILogger<CrmDatabase>>()));
        // What servers keep in memory follows the database: see CrmStateVersions and StateVersionTriggers.
        services.AddSingleton(sp => new CrmStateVersions(sp.GetRequiredService<CrmDatabase>(), sp.GetRequiredService<CrmOptions>().StateCheckInterval,
            sp.GetRequiredService<TimeProvider>()));
        services.AddDbContext<CrmDbContext>((sp, builder) => sp.GetRequiredService<CrmDatabase>().Configure(builder));
        services.AddHostedService<Hosting.CrmMigrationHostedService>();

        // The identity engine and what is built on it.
        services.AddSingleton(sp =>
            new SqlIdentityStore(sp.GetRequiredService<CrmDatabase>().Dialect, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AuditSigner>(),
                sp.GetRequiredService<CrmEventOutbox>()));
        services.AddSingleton<IIdentityStore>(sp => sp.GetRequiredService<SqlIdentityStore>());
        services.AddSingleton(sp => sp.GetRequiredService<CrmOptions>() is var crm && crm.AuditKey is { } key
            ? new AuditSigner(key)
            : AuditSigner.FromFile(crm.ResolveAuditKeyFile()));
        services.AddScoped<AuditVerifier>();
        services.AddScoped<IAuditVerifier>(sp => sp.GetRequiredService<AuditVerifier>());
        services.AddSingleton<SuppressionList>();
        services.AddSingleton(sp => new IdentityEngine(sp.GetRequiredService<IIdentityStore>(), sp.GetRequiredService<IdentityResolutionOptions>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SuppressionList>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<IdentityEngine>>()));
        services.AddSingleton(sp => new Identity.Admin.AdminTransactions(sp.GetRequiredService<SqlIdentityStore>(), sp.GetRequiredService<IdentityEngine>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<MergeReviewService>();
        services.AddSingleton<MergeUndoService>();
        // One-time data steps, run in this order after migrations (see ICrmDataStep).
        services.AddSingleton<PhoneRekeyStep>();
        services.AddSingleton<ICrmDataStep>(sp => sp.GetRequiredService<PhoneRekeyStep>());
        services.AddSingleton<Webhooks.WebhookSecretProtectStep>();
        services.AddSingleton<ICrmDataStep>(sp => sp.GetRequiredService<Webhooks.WebhookSecretProtectStep>());
        services.AddSingleton<CrmDataSteps>();
        services.AddSingleton(sp => new GroupCommitWriter(sp.GetRequiredService<IdentityEngine>(),
            GroupCommitWriter.MaxGroupEventsFor(sp.GetRequiredService<CrmDatabase>().Provider), sp.GetService<Microsoft.Extensions.Logging.ILogger<GroupCommitWriter>>()));
        services.TryAddSingleton<ICrmTenantAccessor, DefaultTenantAccessor>();
        services.AddScoped<ICrmEventSink, CrmEventSink>();

        // The admin: permissions (declared once, enforced as policies), menu, pages and what they read.
        services.AddSingleton<IPermissionProvider, CrmPermissions>();
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<INavigationProvider, CrmAdminMenu>();
        services.TryAddSingleton<ITenantFeatures, AllFeaturesEnabled>();
        services.AddScoped<ContactDirectory>();
        services.AddSingleton(sp => Data.Search.ContactSearch.For(sp.GetRequiredService<CrmDatabase>().Provider));
        services.AddSingleton<Contacts.IContactRecords, Contacts.ContactRecords>();
        services.AddScoped<ContactCsvExport>();
        services.AddScoped<Import.ImportService>();
        services.AddSingleton<Import.ImportRowMapper>();
        services.AddSingleton<Import.ImportRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<Import.ImportRunner>());
        // An import's report keeps the cells of its rows for a day: Delete & forget reaches them.
        services.AddScoped<Erasure.IPersonalDataEraser, Import.ImportReportEraser>();
        // A segment's condition may name someone ("email is …"): Delete & forget reaches it too.
        services.AddScoped<Erasure.IPersonalDataEraser, Erasure.SegmentConditionEraser>();
        services.AddScoped<ContactDetailsReader>();
        services.AddScoped<Pages.Admin.Customers.ContactProfileReader>();
        services.AddScoped<ContactFootprintReader>();
        services.AddScoped<ContactEditor>();
        services.AddScoped<ContactTagger>();
        services.AddScoped<ContactBulkTagger>();
        services.TryAddScoped<Contacts.Work.ICrmTeam, Contacts.Work.NoTeam>();
        services.AddScoped<Contacts.Work.LifecycleStages>();
        services.AddScoped<Contacts.Work.ContactWorkChanges>();
        services.AddScoped<Contacts.Work.ContactStageSetter>();
        services.AddScoped<Contacts.Work.ContactOwners>();
        services.AddScoped<Contacts.Work.ContactWorkReader>();
        services.AddScoped<RuleStageMover>();
        services.AddScoped<Contacts.Work.ICrmTeamChanges>(sp => sp.GetRequiredService<Contacts.Work.ContactOwners>());
        services.AddScoped<ContactViews>();
        services.AddScoped<Contacts.Segments.ContactSegments>();
        services.AddScoped<Contacts.Bulk.BulkRunProgress>();
        services.AddScoped<ContactIdentifierEditor>();
        services.AddScoped<MergeChoices>();
        services.AddScoped<Contacts.Fields.CustomFieldDefinitions>();
        services.AddScoped<Contacts.Fields.ContactFieldEditor>();
        services.AddScoped<ContactListColumns>();
        services.AddScoped<DoNotContactList>();
        services.AddScoped<ContactErasureService>();
        services.AddSingleton<ErasureRetryService>();
        services.AddHostedService(sp => sp.GetRequiredService<ErasureRetryService>());
        services.AddSingleton<Matching.MergeHistoryRetention>();
        services.AddSingleton<Matching.Duplicates.DuplicateSuggestionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<Matching.Duplicates.DuplicateSuggestionJob>());
        services.AddHostedService(sp => sp.GetRequiredService<Matching.MergeHistoryRetention>());
        services.AddScoped<RecordLinks>();
        services.AddScoped<MergeReviewQueue>();
        services.AddScoped<ActivityInbox>();
        services.AddScoped<RecipeExecutor>();
        services.AddSingleton<AuditLog>();

        // Identity rules: data, applied by the event sink to every event before the engine sees it.
        services.AddSingleton<IdentityRuleCache>();
        services.AddSingleton<Contacts.Fields.CustomFieldCache>();
        services.AddScoped<IdentityRuleStore>();
        services.AddScoped<IdentityRuleTester>();
        services.AddScoped<IRecipeStepHandler, IdentityRulesStep>();
        services.AddScoped<IRecipeStepHandler, Contacts.Fields.ContactFieldsStep>();
        services.AddScoped<IRecipeStepHandler, Contacts.Work.LifecycleStagesStep>();
        services.AddScoped<IRecipeStepHandler, Contacts.Segments.SegmentsStep>();

        AddEvents(services);
        AddApi(services);
        services.AddRazorPages();
        // The admin pages answer under Crm:AdminPath.
        services.AddCrmAdminPageRoutes();
        // The edge rule for text (no NUL, no half surrogate pairs) on every page, the host's too; the APIs have theirs.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(mvc => mvc.Filters.Add(new Text.StorableTextPageFilter()));
        // A form or query value unreadable as its field's type ("maybe" for a tick box) on every page, the host's too:
        // never rendered back (a 500), and a POST holding one is a 400 naming it. After every Configure, so the
        // binders it wraps are all in place.
        services.PostConfigure<Microsoft.AspNetCore.Mvc.MvcOptions>(Forms.UnreadableValues.AddTo);
        return services;
    }

    /// <summary>
    /// What the module tells others, after each commit: typed notifications to in-process handlers
    /// (<see cref="Notifications.ICrmEventHandler{T}"/>), and signed webhooks from an outbox written in the change's transaction.
    /// </summary>
    private static void AddEvents(IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<CrmOptions>().Webhooks);
        services.AddSingleton<Notifications.CrmNotificationPublisher>();
        services.AddSingleton<Webhooks.WebhookSubscriptions>();
        services.AddSingleton<Webhooks.WebhookDeliverySignal>();
        services.AddSingleton<ICrmNotificationRoutes, Notifications.CrmNotificationRoutes>();
        services.AddSingleton<CrmEventOutbox>();
        services.AddSingleton(sp => new CrmEventTransaction(sp.GetRequiredService<CrmDatabase>(), sp.GetRequiredService<CrmEventOutbox>()));
        services.AddScoped<Webhooks.WebhookEndpointService>();
        // Secrets are protected with the host's key ring (SiteHost keeps it in data-dir/keys); a host without one gets the defaults.
        services.AddDataProtection();
        services.AddSingleton<Webhooks.WebhookSecretProtector>();
        services.AddSingleton<Webhooks.WebhookAddressGuard>();
        services.AddSingleton<Webhooks.WebhookSender>();
        services.AddSingleton<WebhookDeliveryQueue>();
        services.AddHttpClient(Webhooks.WebhookSender.ClientName, (sp, client) => client.Timeout = sp.GetRequiredService<Webhooks.WebhookOptions>().Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp => new System.Net.Http.SocketsHttpHandler
            {
                // Every connection goes through the address check; no proxy (it would connect for us, unchecked), no redirects.
                ConnectCallback = sp.GetRequiredService<Webhooks.WebhookAddressGuard>().ConnectAsync,
                UseProxy = false,
                AllowAutoRedirect = false,
                ConnectTimeout = sp.GetRequiredService<Webhooks.WebhookOptions>().Timeout,
            });
        services.AddHostedService<Webhooks.WebhookDeliveryWorker>();
    }

    /// <summary>
    /// The HTTP APIs: API keys as an authentication scheme, the read API's scheme (a key, else the host's sign-in),
    /// the two policies, the per-key rate limit and the OpenAPI document.
    /// </summary>
    private static void AddApi(IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<CrmOptions>().Api);
        services.AddScoped<ApiKeyService>();
        services.AddScoped<IApiKeys>(sp => sp.GetRequiredService<ApiKeyService>());
        services.AddSingleton<ApiRateLimiter>();
        // Several site processes on one PostgreSQL database share the limits: each enforces its share.
        services.AddSingleton<Hosting.LiveSiteProcesses>();
        services.AddSingleton<CrmSiteProcesses>();
        services.AddHostedService<Hosting.SiteProcessHeartbeat>();
        services.AddSingleton<FailedKeyLimiter>();
        services.AddSingleton<FailedKeyLog>();
        services.AddSingleton<Api.Browser.BrowserOriginCache>();
        services.AddHttpContextAccessor();
        // An unhandled exception on an API endpoint answers problem+json, with or without the developer page.
        services.AddExceptionHandler<ApiExceptionProblem>();
        services.AddSingleton<Microsoft.AspNetCore.Diagnostics.IDeveloperPageExceptionFilter, ApiExceptionProblem>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(CrmApiAuthentication.ApiKeyScheme, null)
            .AddPolicyScheme(CrmApiAuthentication.ReadScheme, null, scheme =>
            {
                // Challenges and refusals answer as an API (401/403 problem+json), never with a sign-in redirect.
                scheme.ForwardChallenge = CrmApiAuthentication.ApiKeyScheme;
                scheme.ForwardForbid = CrmApiAuthentication.ApiKeyScheme;
            });
        services.AddOptions<PolicySchemeOptions>(CrmApiAuthentication.ReadScheme)
            .Configure<IOptions<AuthenticationOptions>>((scheme, authentication) =>
            {
                var userScheme = authentication.Value.DefaultAuthenticateScheme ?? authentication.Value.DefaultScheme;
                scheme.ForwardDefaultSelector = context =>
                    ApiKeyAuthenticationHandler.PresentedKey(context.Request) is not null || userScheme is null
                        ? CrmApiAuthentication.ApiKeyScheme
                        : userScheme;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(CrmApiAuthentication.IngestPolicy, policy => policy
                .AddAuthenticationSchemes(CrmApiAuthentication.ApiKeyScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new ApiScopeRequirement(ApiScopes.Ingest), ApiKeyUseRequirement.Instance))
            .AddPolicy(CrmApiAuthentication.ReadPolicy, policy => policy
                .AddAuthenticationSchemes(CrmApiAuthentication.ReadScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new CrmReadAccessRequirement(CrmPermissions.ViewName), ApiKeyUseRequirement.Instance))
            .AddPolicy(CrmApiAuthentication.ListPolicy, policy => policy
                .AddAuthenticationSchemes(CrmApiAuthentication.ReadScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new CrmReadAccessRequirement(CrmPermissions.ViewName, CrmPermissions.ExportName), ApiKeyUseRequirement.Instance));
        // Privacy requests: erasure for a key with the privacy scope; one person's export for such a key or a user with pii.export.
        services.AddScoped<PersonalDataExport>();
        services.AddAuthorizationBuilder()
            .AddPolicy(CrmApiAuthentication.PrivacyPolicy, policy => policy
                .AddAuthenticationSchemes(CrmApiAuthentication.ApiKeyScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new ApiScopeRequirement(ApiScopes.Privacy), ApiKeyUseRequirement.Instance))
            .AddPolicy(CrmApiAuthentication.PersonalDataExportPolicy, policy => policy
                .AddAuthenticationSchemes(CrmApiAuthentication.ReadScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new CrmReadAccessRequirement(CrmPermissions.ViewName, CrmPermissions.ExportPersonalDataName) { KeyScope = ApiScopes.Privacy }, ApiKeyUseRequirement.Instance));
        services.AddSingleton<IAuthorizationHandler, ApiAccessHandler>();
        services.AddOpenApi(CrmEndpointRouteBuilderExtensions.OpenApiDocument, openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Comerix CRM API";
            document.Info.Description = "Events in (native and Segment Spec) and contacts out. Authenticate with an API key: " +
                "\"Authorization: Bearer cxk_…\", or HTTP Basic with the key as user name. Errors are application/problem+json.";
            return Task.CompletedTask;
        }));
    }
}
