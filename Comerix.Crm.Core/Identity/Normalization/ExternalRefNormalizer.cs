namespace Comerix.Crm.Identity.Normalization;

/// <summary>
/// external_ref values are namespaced (<c>namespace:value</c>) so ids from different systems never collide.
/// Known messaging channels get their value normalised too: a WhatsApp number is a phone number
/// (<c>whatsapp:+4915…</c>), an Instagram handle is case-insensitive (<c>instagram:@name</c>).
/// </summary>
internal sealed class ExternalRefNormalizer(PhoneNumberNormalizer phones)
{
    public const int MaxLength = 256;

    /// <summary>Namespaces whose values are phone numbers, keyed in E.164.</summary>
    internal static readonly HashSet<string> PhoneChannels = new(StringComparer.Ordinal) { "whatsapp", "sms", "viber", "signal", "tel" };
    private static readonly HashSet<string> HandleChannels = new(StringComparer.Ordinal) { "instagram", "twitter", "x", "tiktok", "telegram" };

    public bool TryNormalize(string raw, out string key, out string? problem)
    {
        key = "";
        var value = raw.Trim();
        var colon = value.IndexOf(':');
        if (colon <= 0 || colon == value.Length - 1)
        {
            problem = "external_ref needs a namespace, e.g. 'whatsapp:+4915123456789' or 'shopify:1234'";
            return false;
        }
        var ns = value[..colon].Trim().ToLowerInvariant();
        var local = value[(colon + 1)..].Trim();
        if (!IsValidNamespace(ns) || local.Length == 0)
        {
            problem = "external_ref namespace must be letters, digits, '_', '.' or '-' followed by ':' and a value";
            return false;
        }
        if (PhoneChannels.Contains(ns))
        {
            // Messaging channels send the full international number without '+' (WhatsApp's "4915123456789"),
            // which the default region must not reinterpret as a national number.
            if (IsNumeric(local) && !local.StartsWith('0'))
            {
                local = "+" + local;
            }
            if (!phones.TryNormalize(local, out var e164))
            {
                problem = $"'{ns}' references must hold a phone number";
                return false;
            }
            local = e164;
        }
        else if (HandleChannels.Contains(ns) && !IsNumeric(local))
        {
            local = "@" + local.TrimStart('@').ToLowerInvariant();
        }
        key = ns + ":" + local;
        if (key.Length > MaxLength)
        {
            problem = $"external_ref is longer than {MaxLength} characters";
            return false;
        }
        problem = null;
        return true;
    }

    /// <summary>A namespace as stored: lower-case letters, digits, '_', '.' or '-', at most 32 characters.</summary>
    public static bool IsValidNamespace(string ns)
    {
        foreach (var c in ns)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }
        return ns.Length is > 0 and <= 32;
    }

    private static bool IsNumeric(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
