using Comerix.Crm.Data;
using Comerix.Crm.Resolution;

namespace Comerix.Crm;

/// <summary>What a host tells the module: where its data lives and how identity is resolved.</summary>
public sealed class CrmOptions
{
    /// <summary><see cref="CrmDatabaseProviders.Sqlite"/> (default, a file under <see cref="DataDirectory"/>) or <see cref="CrmDatabaseProviders.Postgres"/>.</summary>
    public string DatabaseProvider { get; set; } = CrmDatabaseProviders.Sqlite;

    /// <summary>Required for PostgreSQL; for SQLite defaults to <c>comerix-crm.db</c> in <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>The tenant used when the host has no tenant resolution of its own.</summary>
    public string DefaultTenant { get; set; } = "Default";

    /// <summary>
    /// The time zone the admin pages show times and days in (an IANA id such as "Europe/Berlin"); stored times,
    /// exports and the APIs stay UTC. An unknown id stops the host at start-up with a message.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Apply pending migrations when the host starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public IdentityResolutionOptions Resolution { get; set; } = new();

    /// <summary>How often partial erasures (an eraser failed) are tried again.</summary>
    public TimeSpan ErasureRetryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often contacts changed since the last look are checked for potential duplicates (a full pass runs hourly).</summary>
    public TimeSpan DuplicateCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a server asks the database whether state it keeps in memory (tenants, role grants, identity rules,
    /// suppressions) was changed by another process; such a change takes effect here within this time.
    /// </summary>
    public TimeSpan StateCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Body size, batch size and rate limits of the HTTP APIs.</summary>
    public Api.CrmApiOptions Api { get; set; } = new();

    /// <summary>Outbound webhooks: retry window, timeouts, and what addresses they may reach (Crm:Webhooks).</summary>
    public Webhooks.WebhookOptions Webhooks { get; set; } = new();

    /// <summary>
    /// The key that chains the audit log (HMAC-SHA256). When not given it lives in <see cref="AuditKeyFile"/>,
    /// created on first use; servers sharing one database must share the key.
    /// </summary>
    public byte[]? AuditKey { get; set; }

    /// <summary>Where the audit key is kept; defaults to <c>keys/audit.key</c> under <see cref="DataDirectory"/>.</summary>
    public string? AuditKeyFile { get; set; }

    internal string ResolveAuditKeyFile() => AuditKeyFile ?? Path.Combine(DataDirectory, "keys", "audit.key");

    /// <summary>The database these options name (the host's container keeps one, a singleton).</summary>
    internal CrmDatabase OpenDatabase(Microsoft.Extensions.Logging.ILogger<CrmDatabase>? logger = null) =>
        new(DatabaseProvider, ResolveConnectionString(), logger);

    internal string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }
        if (DatabaseProvider == CrmDatabaseProviders.Postgres)
        {
            throw new InvalidOperationException("The postgres provider needs a connection string (--connection \"Host=...;Database=...\").");
        }
        return $"Data Source={Path.Combine(DataDirectory, "comerix-crm.db")}";
    }

    /// <summary>
    /// Where the admin pages live (Crm:AdminPath), e.g. "/backoffice/crm": an app-relative path that starts with '/' and
    /// has no trailing '/', query or fragment. Every page, link, redirect and menu entry of the module follows it.
    /// </summary>
    public string AdminPath { get; set; } = "/admin/customers";
}
