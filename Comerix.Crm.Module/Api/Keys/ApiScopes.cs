namespace Comerix.Crm.Api.Keys;

/// <summary>What a key may do: send events in, read contacts out, answer privacy requests; any of them.</summary>
public static class ApiScopes
{
    public const string Ingest = "ingest";
    public const string Read = "read";

    /// <summary>Privacy requests: erase a person (Delete &amp; forget) and export everything held about one person.</summary>
    public const string Privacy = "privacy";

    public static IReadOnlyList<string> All { get; } = [Ingest, Read, Privacy];

    public static IReadOnlyList<string> Parse(string? scopes) =>
        (scopes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The canonical form of a scope list ("ingest,read"), or the error that names what is wrong.</summary>
    public static (string? Scopes, string? Error) Normalize(string? scopes)
    {
        var parsed = Parse(scopes);
        if (parsed.Count == 0)
        {
            return (null, $"a key needs at least one scope: {string.Join(", ", All)}");
        }
        var unknown = parsed.FirstOrDefault(s => !All.Contains(s, StringComparer.Ordinal));
        if (unknown is not null)
        {
            return (null, $"scope '{unknown}' is unknown; expected {string.Join(", ", All)}");
        }
        return (string.Join(',', All.Where(parsed.Contains)), null);
    }
}
