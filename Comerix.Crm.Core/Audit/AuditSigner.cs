using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Comerix.Crm.Audit;

/// <summary>
/// Hashes audit entries with HMAC-SHA256 under a key kept outside the database (a file beside the data-protection
/// keys), so whoever can write to the database, but not read that file, cannot forge a consistent chain.
/// The hash covers the tenant, sequence, time (ticks), actor, action, details and the previous hash.
/// </summary>
public sealed class AuditSigner
{
    private const int KeyBytes = 32;
    private readonly byte[] _key;

    public AuditSigner(byte[] key)
    {
        if (key.Length < KeyBytes)
        {
            throw new ArgumentException($"An audit key needs at least {KeyBytes} bytes.", nameof(key));
        }
        _key = key;
    }

    /// <summary>A key for this process only (benchmarks and tests that do not verify across restarts).</summary>
    public static AuditSigner Ephemeral() => new(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>Loads the key from <paramref name="path"/>, creating it (readable by its owner only) the first time.</summary>
    public static AuditSigner FromFile(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var key = RandomNumberGenerator.GetBytes(KeyBytes);
            try
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
                file.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }
        return new AuditSigner(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    public string Hash(string tenantId, long sequence, DateTime at, string actor, string action, string? detailsJson, string previousHash)
    {
        var text = string.Join('\n',
            tenantId, sequence.ToString(CultureInfo.InvariantCulture), at.Ticks.ToString(CultureInfo.InvariantCulture),
            actor, action, detailsJson ?? "", previousHash);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>A keyed hash for another purpose (the suppression list): the purpose keeps the two uses apart.</summary>
    public string KeyedHash(string purpose, string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{purpose}\n{text}")));
}
