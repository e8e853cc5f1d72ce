namespace Comerix.Crm.Api.Keys;

/// <summary>
/// The web origins a browser key may be used from, in the form browsers send in <c>Origin</c>:
/// <c>scheme://host[:port]</c>, lower-case, the scheme's default port left out. Stored one a line.
/// </summary>
internal static class BrowserOrigins
{
    public const int MaxOrigins = 20;
    private const int MaxOriginLength = 300;
    private static readonly char[] Separators = ['\n', '\r', ',', ' ', '\t'];

    /// <summary>The canonical, newline-separated list, or the error that names the entry that is wrong.</summary>
    public static (string? Origins, string? Error) Normalize(string? origins)
    {
        var entries = (origins ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0)
        {
            return (null, "List the origins of the pages that will send events, e.g. https://www.example.com (one a line).");
        }
        var canonical = new List<string>();
        foreach (var entry in entries)
        {
            var (origin, error) = Parse(entry);
            if (error is not null)
            {
                return (null, error);
            }
            if (!canonical.Contains(origin!, StringComparer.Ordinal))
            {
                canonical.Add(origin!);
            }
        }
        if (canonical.Count > MaxOrigins)
        {
            return (null, $"A browser key lists at most {MaxOrigins} origins; this list has {canonical.Count}. Create another key for the rest.");
        }
        return (string.Join('\n', canonical), null);
    }

    /// <summary>The canonical form of a request's <c>Origin</c> header; null when it is not an http(s) origin ("null", junk).</summary>
    public static string? Canonical(string? origin)
    {
        if (string.IsNullOrEmpty(origin) || origin.Length > MaxOriginLength || origin.EndsWith('/'))
        {
            return null;
        }
        var (canonical, error) = Parse(origin);
        return error is null ? canonical : null;
    }

    /// <summary>An Origin header as sent, fit to quote in an answer: at most 100 characters, control characters replaced.</summary>
    public static string Printable(string origin) =>
        new(origin.Take(100).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    public static IReadOnlyList<string> Split(string? origins) =>
        (origins ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static (string? Origin, string? Error) Parse(string entry)
    {
        var shown = entry.Length > 80 ? entry[..80] + "…" : entry;
        if (entry.Contains('*'))
        {
            return (null, $"\"{shown}\": wildcards are not allowed; list each origin (scheme, host and port) a page is served from.");
        }
        // One trailing "/" is what a copied address bar often has; anything after the host is not an origin.
        var trimmed = entry.EndsWith('/') ? entry[..^1] : entry;
        if (trimmed.Length > MaxOriginLength
            || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return (null, $"\"{shown}\" is not an origin: write it as https://host or https://host:port (http:// for a local test site).");
        }
        if (uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0
            || trimmed.IndexOf('/', uri.Scheme.Length + 3) >= 0 || trimmed.Contains('?') || trimmed.Contains('#') || trimmed.Contains('@'))
        {
            return (null, $"\"{shown}\" is not an origin: an origin is only scheme, host and port (https://www.example.com), with no path, query, fragment or user name.");
        }
        // A name as browsers send it (punycode); an IPv6 address in its brackets.
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        var origin = uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
        return (origin.ToLowerInvariant(), null);
    }
}
