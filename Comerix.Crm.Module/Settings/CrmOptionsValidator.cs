using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace Comerix.Crm.Settings;

/// <summary>
/// Every setting of <see cref="CrmOptions"/> the module cannot work with, each named as it is written in configuration
/// (<c>Crm:Resolution:BatchTransactionSize</c>), so a host stops at start-up with a line that says what to change
/// instead of misbehaving later (a batch size of 0 looped forever; an unknown time zone broke the first page).
/// </summary>
internal sealed class CrmOptionsValidator : IValidateOptions<CrmOptions>
{
    // HttpClient.Timeout and SocketsHttpHandler.ConnectTimeout take at most int.MaxValue milliseconds.
    private static readonly TimeSpan LongestWebhookTimeout = TimeSpan.FromDays(24);

    // What AuditSigner refuses below (HMAC-SHA256's own output size).
    private const int AuditKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, CrmOptions options)
    {
        var failures = new Failures();
        Storage(options, failures);
        Resolution(options, failures);
        Api(options, failures);
        Webhooks(options, failures);
        return failures.Result();
    }

    private static void Storage(CrmOptions options, Failures failures)
    {
        var provider = options.DatabaseProvider?.Trim().ToLowerInvariant();
        if (provider is not (CrmDatabaseProviders.Sqlite or CrmDatabaseProviders.Postgres))
        {
            failures.Add($"{CrmSettings.DatabaseProvider} \"{options.DatabaseProvider}\" is not a database provider the module has: " +
                $"use {CrmDatabaseProviders.Sqlite} (the default) or {CrmDatabaseProviders.Postgres}.");
        }
        else if (provider == CrmDatabaseProviders.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{CrmSettings.ConnectionString} is required with {CrmSettings.DatabaseProvider} {CrmDatabaseProviders.Postgres} " +
                "(\"Host=…;Database=…;Username=…;Password=…\").");
        }
        if (string.IsNullOrWhiteSpace(options.DefaultTenant))
        {
            failures.Add($"{CrmSettings.DefaultTenant} must name a tenant (the default is \"Default\").");
        }
        var zone = string.IsNullOrWhiteSpace(options.TimeZone) ? "UTC" : options.TimeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            // Worded as SiteTime's own check, which this one runs before.
            failures.Add($"{CrmSettings.TimeZone} \"{zone}\" is not a time zone this server knows. Use an IANA id such as \"Europe/Berlin\", " +
                "\"America/New_York\" or \"UTC\" (the server reads them from its tzdata).");
        }
        failures.Positive(CrmSettings.ErasureRetryInterval, options.ErasureRetryInterval);
        failures.Positive(CrmSettings.DuplicateCheckInterval, options.DuplicateCheckInterval);
        // Zero is allowed: every use asks the database (tests and a single busy admin may want that).
        failures.NotNegative(CrmSettings.StateCheckInterval, options.StateCheckInterval);
        if (options.AuditKey is { Length: < AuditKeyBytes } key)
        {
            failures.Add($"{CrmSettings.AuditKey} must be at least {AuditKeyBytes} bytes (got {key.Length}); " +
                $"leave it out to keep a generated key in {CrmSettings.AuditKeyFile}.");
        }
        if (Pages.CrmAdminPageRoutes.Problem(options.AdminPath) is { } adminPath)
        {
            failures.Add($"{CrmSettings.AdminPath} {adminPath}");
        }
    }

    private static void Resolution(CrmOptions options, Failures failures)
    {
        var resolution = options.Resolution;
        if (resolution is null)
        {
            failures.Add($"{CrmSettings.Resolution} must not be null.");
            return;
        }
        var region = resolution.DefaultPhoneRegion?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(region) || !PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(region))
        {
            failures.Add($"{CrmSettings.DefaultPhoneRegion} \"{resolution.DefaultPhoneRegion}\" is not a region libphonenumber knows: " +
                "use an ISO 3166-1 alpha-2 code such as US, GB or DE.");
        }
        failures.AtLeast(CrmSettings.BatchTransactionSize, resolution.BatchTransactionSize, 1);
        failures.AtLeast(CrmSettings.MaxConflictRetries, resolution.MaxConflictRetries, 0);
        var known = string.Join(", ", IdentifierTypes.All);
        foreach (var (type, limit) in resolution.MaxPerContact ?? [])
        {
            if (!IdentifierTypes.IsKnown(type))
            {
                failures.Add($"{CrmSettings.MaxPerContact}:{type} is not an identifier type: use one of {known}.");
            }
            failures.AtLeast($"{CrmSettings.MaxPerContact}:{type}", limit, 1);
        }
        var priority = resolution.Priority ?? [];
        for (var i = 0; i < priority.Count; i++)
        {
            if (!IdentifierTypes.IsKnown(priority[i]))
            {
                failures.Add($"{CrmSettings.Priority}:{i} \"{priority[i]}\" is not an identifier type: use one of {known}.");
            }
            else if (priority.IndexOf(priority[i]) < i)
            {
                failures.Add($"{CrmSettings.Priority}:{i} \"{priority[i]}\" is listed twice: each type has one place, highest first.");
            }
        }
    }

    private static void Api(CrmOptions options, Failures failures)
    {
        var api = options.Api;
        if (api is null)
        {
            failures.Add($"{CrmSettings.Api} must not be null.");
            return;
        }
        failures.AtLeast(CrmSettings.ApiSetting(nameof(api.MaxRequestBodyBytes)), api.MaxRequestBodyBytes, 1);
        failures.AtLeast(CrmSettings.ApiSetting(nameof(api.MaxCompressionRatio)), api.MaxCompressionRatio, 1);
        failures.AtLeast(CrmSettings.ApiSetting(nameof(api.MaxEventsPerRequest)), api.MaxEventsPerRequest, 1);
        failures.AtLeast(CrmSettings.ApiSetting(nameof(api.BrowserMaxEventsPerRequest)), api.BrowserMaxEventsPerRequest, 1);
        failures.AtLeast(CrmSettings.ApiSetting(nameof(api.RateLimitPerSecond)), api.RateLimitPerSecond, 1);
        failures.AtLeast(CrmSettings.ApiSetting(nameof(api.RateLimitBurst)), api.RateLimitBurst, 1);
        failures.AtLeast(CrmSettings.ApiSetting(nameof(api.BrowserRateLimitPerAddressPerSecond)), api.BrowserRateLimitPerAddressPerSecond, 1);
        failures.AtLeast(CrmSettings.ApiSetting(nameof(api.BrowserRateLimitPerAddressBurst)), api.BrowserRateLimitPerAddressBurst, 1);
        failures.AtLeast(CrmSettings.ApiSetting(nameof(api.FailedKeyBurst)), api.FailedKeyBurst, 1);
        failures.AtLeast(CrmSettings.ApiSetting(nameof(api.FailedKeyAttemptsPerMinute)), api.FailedKeyAttemptsPerMinute, 1);
    }

    private static void Webhooks(CrmOptions options, Failures failures)
    {
        var webhooks = options.Webhooks;
        if (webhooks is null)
        {
            failures.Add($"{CrmSettings.Webhooks} must not be null.");
            return;
        }
        var timeout = CrmSettings.WebhookSetting(nameof(webhooks.Timeout));
        if (failures.Positive(timeout, webhooks.Timeout) && webhooks.Timeout > LongestWebhookTimeout)
        {
            failures.Add($"{timeout} must be at most {LongestWebhookTimeout.TotalDays} days (got {webhooks.Timeout}).");
        }
        failures.NotNegative(CrmSettings.WebhookSetting(nameof(webhooks.RetryFor)), webhooks.RetryFor);
        var firstDelay = CrmSettings.WebhookSetting(nameof(webhooks.FirstRetryDelay));
        if (failures.Positive(firstDelay, webhooks.FirstRetryDelay) && webhooks.MaxRetryDelay < webhooks.FirstRetryDelay)
        {
            failures.Add($"{CrmSettings.WebhookSetting(nameof(webhooks.MaxRetryDelay))} must be at least {firstDelay} " +
                $"({webhooks.FirstRetryDelay}; got {webhooks.MaxRetryDelay}).");
        }
        failures.Positive(CrmSettings.WebhookSetting(nameof(webhooks.PollInterval)), webhooks.PollInterval);
        failures.Positive(CrmSettings.WebhookSetting(nameof(webhooks.Lease)), webhooks.Lease);
        failures.Positive(CrmSettings.WebhookSetting(nameof(webhooks.LogRetention)), webhooks.LogRetention);
        failures.AtLeast(CrmSettings.WebhookSetting(nameof(webhooks.BatchSize)), webhooks.BatchSize, 1);
    }

    /// <summary>The problems found, each a sentence that starts with the setting's name.</summary>
    private sealed class Failures
    {
        private readonly List<string> _messages = [];

        public void Add(string message) => _messages.Add(message);

        public bool AtLeast(string setting, int value, int minimum)
        {
            if (value >= minimum)
            {
                return true;
            }
            Add($"{setting} must be at least {minimum} (got {value}).");
            return false;
        }

        public bool Positive(string setting, TimeSpan value)
        {
            if (value > TimeSpan.Zero)
            {
                return true;
            }
            Add($"{setting} must be longer than zero (got {value}).");
            return false;
        }

        public bool NotNegative(string setting, TimeSpan value)
        {
            if (value >= TimeSpan.Zero)
            {
                return true;
            }
            Add($"{setting} must not be negative (got {value}).");
            return false;
        }

        public ValidateOptionsResult Result() => _messages.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_messages);
    }
}
