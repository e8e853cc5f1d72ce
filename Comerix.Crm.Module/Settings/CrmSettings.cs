using Comerix.Crm.Resolution;

namespace Comerix.Crm.Settings;

/// <summary>The names settings have in configuration (<c>Crm:Resolution:BatchTransactionSize</c>): what a failed check says.</summary>
internal static class CrmSettings
{
    public const string Section = "Crm";
    public const string DatabaseProvider = Section + ":" + nameof(CrmOptions.DatabaseProvider);
    public const string ConnectionString = Section + ":" + nameof(CrmOptions.ConnectionString);
    public const string DefaultTenant = Section + ":" + nameof(CrmOptions.DefaultTenant);
    public const string TimeZone = Section + ":" + nameof(CrmOptions.TimeZone);
    public const string ErasureRetryInterval = Section + ":" + nameof(CrmOptions.ErasureRetryInterval);
    public const string DuplicateCheckInterval = Section + ":" + nameof(CrmOptions.DuplicateCheckInterval);
    public const string StateCheckInterval = Section + ":" + nameof(CrmOptions.StateCheckInterval);
    public const string AuditKey = Section + ":" + nameof(CrmOptions.AuditKey);
    public const string AuditKeyFile = Section + ":" + nameof(CrmOptions.AuditKeyFile);
    public const string AdminPath = Section + ":" + nameof(CrmOptions.AdminPath);

    public const string Resolution = Section + ":" + nameof(CrmOptions.Resolution);
    public const string DefaultPhoneRegion = Resolution + ":" + nameof(IdentityResolutionOptions.DefaultPhoneRegion);
    public const string BatchTransactionSize = Resolution + ":" + nameof(IdentityResolutionOptions.BatchTransactionSize);
    public const string MaxConflictRetries = Resolution + ":" + nameof(IdentityResolutionOptions.MaxConflictRetries);
    public const string MaxPerContact = Resolution + ":" + nameof(IdentityResolutionOptions.MaxPerContact);
    public const string Priority = Resolution + ":" + nameof(IdentityResolutionOptions.Priority);

    public const string Api = Section + ":" + nameof(CrmOptions.Api);
    public const string Webhooks = Section + ":" + nameof(CrmOptions.Webhooks);

    public static string ApiSetting(string property) => $"{Api}:{property}";

    public static string WebhookSetting(string property) => $"{Webhooks}:{property}";
}
