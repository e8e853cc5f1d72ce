using System.Security.Cryptography;
using System.Text;

namespace Comerix.Crm.Api.Keys;

/// <summary>
/// The key a client holds: <c>cxk_{id}_{secret}</c>. The id (60 random bits) names the stored row; the secret
/// (160 random bits) is checked against its hash in constant time. The prefix lets secret scanners spot a leaked key.
/// </summary>
public static class ApiKeySecret
{
    public const string Prefix = "cxk_";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int IdLength = 12;
    private const int SecretLength = 32;

    public static (string Id, string Secret, string Key) Generate()
    {
        var id = RandomString(IdLength);
        var secret = RandomString(SecretLength);
        return (id, secret, $"{Prefix}{id}_{secret}");
    }

    /// <summary>Splits a presented key; false when it does not have the shape of one of ours.</summary>
    public static bool TryParse(string? key, out string id, out string secret)
    {
        id = secret = "";
        if (key is null || key.Length != Prefix.Length + IdLength + 1 + SecretLength || !key.StartsWith(Prefix, StringComparison.Ordinal)
            || key[Prefix.Length + IdLength] != '_')
        {
            return false;
        }
        id = key.Substring(Prefix.Length, IdLength);
        secret = key[(Prefix.Length + IdLength + 1)..];
        return id.All(Alphabet.Contains) && secret.All(Alphabet.Contains);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string RandomString(int length)
    {
        // 32 symbols: each byte's low five bits pick one, so every symbol is equally likely.
        var bytes = RandomNumberGenerator.GetBytes(length);
        return string.Create(length, bytes, (chars, b) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[b[i] & 31];
            }
        });
    }
}
