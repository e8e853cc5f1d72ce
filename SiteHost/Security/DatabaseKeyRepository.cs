using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Comerix.SiteHost.Security;

/// <summary>
/// The data-protection key ring in the database (<c>crm_data_protection_keys</c>), for site processes sharing one
/// PostgreSQL database: a sign-in cookie made by one is read by every other, and so is a webhook secret one protected.
/// Each element is stored encrypted (AES-256-GCM) under a key derived from the audit key, which lives outside the
/// database like the key ring's folder did: whoever can read the database, but not that key, can neither forge a
/// sign-in nor read a webhook secret. (In the folder the key ring was plain XML, readable by whoever read the folder.)
/// The first read on a database with no keys yet brings in the keys of the data folder, where the site kept them
/// before, so cookies and webhook secrets protected then stay readable.
/// </summary>
internal sealed class DatabaseKeyRepository(CrmDataProtectionKeys keys, AuditSigner auditKey, string legacyFolder) : IXmlRepository
{
    private const string Format = "aes-256-gcm:";
    private const int NonceBytes = 12, TagBytes = 16;
    private readonly byte[] _key = Convert.FromHexString(auditKey.KeyedHash("data-protection-keys", "aes-256-gcm"));

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var stored = keys.ReadAll();
        if (stored.Count == 0 && ImportLegacyFolder())
        {
            stored = keys.ReadAll();
        }
        return stored.Select(k => XElement.Parse(Decrypt(k.Element))).ToList();
    }

    public void StoreElement(XElement element, string friendlyName) =>
        keys.TryAdd(friendlyName, Encrypt(element.ToString(SaveOptions.DisableFormatting)), DateTime.UtcNow);

    private bool ImportLegacyFolder()
    {
        if (!Directory.Exists(legacyFolder))
        {
            return false;
        }
        var imported = false;
        foreach (var file in Directory.EnumerateFiles(legacyFolder, "*.xml").Order(StringComparer.Ordinal))
        {
            var element = XElement.Load(file);
            imported |= keys.TryAdd(Path.GetFileNameWithoutExtension(file), Encrypt(element.ToString(SaveOptions.DisableFormatting)),
                File.GetLastWriteTimeUtc(file));
        }
        return imported;
    }

    private string Encrypt(string xml)
    {
        var plain = Encoding.UTF8.GetBytes(xml);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes));
        return Format + Convert.ToBase64String(sealedBytes);
    }

    /// <exception cref="CryptographicException">
    /// The element was sealed under another audit key: this process's <c>Crm:AuditKey</c> (or <c>keys/audit.key</c>)
    /// is not the one the other site processes on this database use.
    /// </exception>
    private string Decrypt(string stored)
    {
        if (!stored.StartsWith(Format, StringComparison.Ordinal))
        {
            throw new CryptographicException("A data-protection key in crm_data_protection_keys is not in a format this site reads.");
        }
        var sealedBytes = Convert.FromBase64String(stored[Format.Length..]);
        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException(
                "Crm:AuditKey is not the audit key the data-protection keys in this database were sealed under: every site process " +
                "on one database needs the same Crm:AuditKey (or the same keys/audit.key file).", e);
        }
        return Encoding.UTF8.GetString(plain);
    }
}
