using System.Security.Cryptography;

namespace Comerix.Crm.Webhooks;

/// <summary>Standard Webhooks secrets: "whsec_" and 32 random bytes in base64.</summary>
internal static class WebhookSecrets
{
    public const string Prefix = "whsec_";

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// True for a secret stored as is (before they were protected). A protected one never starts so: Data Protection
    /// writes base64url starting with its own magic header ("CfDJ8").
    /// </summary>
    public static bool IsPlain(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);
}
