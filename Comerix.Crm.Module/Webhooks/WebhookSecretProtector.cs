using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Comerix.Crm.Webhooks;

/// <summary>
/// Keeps endpoints' signing secrets protected at rest with ASP.NET Core Data Protection: the database holds what only
/// this site's key ring (the host's, in <c>data-dir/keys</c>) turns back into the secret, so a copy of the database
/// alone cannot sign a delivery. Each secret must be read back to sign, so it is protected, not hashed.
/// </summary>
internal sealed class WebhookSecretProtector(IDataProtectionProvider provider)
{
    /// <summary>Isolates these payloads from every other use of the key ring; a new format gets a new version.</summary>
    public const string Purpose = "Comerix.Crm.Webhooks.Secret.v1";

    /// <summary>What a delivery's log says when its endpoint's secret cannot be read: no request is sent unsigned.</summary>
    public const string UnreadableError =
        "not sent: the signing secret cannot be read (this site's data-protection keys were lost or replaced). " +
        "Rotate the secret on the endpoint's page, give the new one to the receiver, then Retry now.";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    /// <summary>What the database stores for <paramref name="secret"/>.</summary>
    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>The secret a stored value holds; false when this site's key ring cannot read it.</summary>
    public bool TryReveal(string stored, out string secret)
    {
        if (WebhookSecrets.IsPlain(stored))
        {
            // Stored before secrets were protected and not yet converted (WebhookSecretProtectStep runs at start-up;
            // a server of the previous version may still be adding endpoints): it is the secret itself.
            secret = stored;
            return true;
        }
        try
        {
            secret = _protector.Unprotect(stored);
            return true;
        }
        catch (CryptographicException)
        {
            secret = "";
            return false;
        }
    }
}
