namespace Comerix.SiteHost.Tenancy;

/// <summary>
/// A tenant: its own users, roles, contacts and enabled features, reached by URL prefix (<c>/t/{prefix}/…</c>)
/// or host name. All tenants share one database; every row carries the tenant name.
/// </summary>
public sealed class SiteTenant
{
    public const string DefaultName = "Default";

    public required string Name { get; set; }
    public string? UrlPrefix { get; set; }
    public string? HostName { get; set; }
    /// <summary>Enabled feature ids, space-separated (a recipe's "feature" step edits it).</summary>
    public string EnabledFeatures { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    public IReadOnlySet<string> Features => EnabledFeatures.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    public bool IsDefault => Name == DefaultName;
}
