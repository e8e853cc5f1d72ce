using System.Security.Cryptography;
using System.Text;
using Comerix.Crm.Identity.Normalization;

namespace Comerix.Crm.Resolution;

/// <summary>
/// What an event claimed, kept with its activity (<c>crm_activities.claim_keys</c>) so that undoing a merge can
/// resolve the event again against the two contacts. Each claim is its type, a short hash of its normalised value
/// (never the value: the column is read by nothing that shows it) and "!" when it was verified, in the event's order:
/// <c>email:Qx3…! anonymous_id:Zp0…</c>. About 25 bytes a claim.
/// </summary>
public static class ClaimKeys
{
    public sealed record Key(string Type, string Hash, bool Verified);

    public static string? Of(IReadOnlyList<NormalizedClaim> claims)
    {
        if (claims.Count == 0)
        {
            return null;
        }
        var text = new StringBuilder(claims.Count * 26);
        foreach (var claim in claims)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }
            text.Append(claim.Type).Append(':').Append(HashOf(claim.Type, claim.Value));
            if (claim.Verified)
            {
                text.Append('!');
            }
        }
        return text.ToString();
    }

    /// <summary>The hash of one identifier, as <see cref="Of"/> writes it: 72 bits, so two of one person's never collide.</summary>
    public static string HashOf(string type, string value)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(type + "\u001f" + value), hash);
        return Convert.ToBase64String(hash[..9]).Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The claims of a stored activity, in the event's order; empty for an activity written before this column.</summary>
    public static IReadOnlyList<Key> Parse(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return [];
        }
        var keys = new List<Key>();
        foreach (var part in stored.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.LastIndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var verified = part.EndsWith('!');
            keys.Add(new Key(part[..colon], part[(colon + 1)..(verified ? part.Length - 1 : part.Length)], verified));
        }
        return keys;
    }
}
