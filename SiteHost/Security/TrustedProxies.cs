using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Comerix.SiteHost.Security;

/// <summary>
/// Behind a proxy that ends TLS, the site sees plain HTTP and its sign-in cookie loses <c>Secure</c>. Naming the
/// proxies in <c>Crm:ForwardedHeaders:KnownProxies</c> (addresses or networks such as 10.0.0.0/8, comma-separated)
/// makes the site believe their X-Forwarded-Proto and X-Forwarded-For. Off by default: from anyone else those headers
/// are the client's own say-so (an address it claims, a scheme it never used).
/// </summary>
public static class TrustedProxies
{
    public const string SettingName = "Crm:ForwardedHeaders:KnownProxies";

    /// <returns>Null when no proxy is named: forwarded headers are then ignored.</returns>
    /// <exception cref="InvalidOperationException">An entry is neither an address nor a network (stops the site at start-up).</exception>
    public static ForwardedHeadersOptions? Options(IConfiguration configuration)
    {
        var section = configuration.GetSection(SettingName);
        // One comma-separated value (a command-line option) or a list (appsettings.json).
        var entries = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        if (entries.Count == 0)
        {
            return null;
        }
        // Not X-Forwarded-Host: the host name chooses the tenant, and no proxy needs to change it.
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        // The defaults trust loopback; only what the setting names is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in entries)
        {
            if (entry.Contains('/') && System.Net.IPNetwork.TryParse(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
            else if (!entry.Contains('/') && IPAddress.TryParse(entry, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else
            {
                throw new InvalidOperationException(
                    $"{SettingName}: \"{entry}\" is neither an IP address (10.0.0.5) nor a network (10.0.0.0/8). Name the proxies that may set X-Forwarded-Proto, comma-separated.");
            }
        }
        return options;
    }
}
