namespace Comerix.Crm.Identity.Normalization;

/// <summary>A claim that did not become an identifier. Carries the type and why, never the value (it may be personal).</summary>
public sealed record DroppedClaim(string Type, string Reason, string Detail);

internal static class DropReasons
{
    /// <summary>A placeholder value such as "null" or "undefined".</summary>
    public const string Junk = "junk";
    /// <summary>Not a well-formed value of its type (an email without a domain, say).</summary>
    public const string Invalid = "invalid";
    /// <summary>The contact already holds as many identifiers of this type as allowed.</summary>
    public const string OverLimit = "over_limit";
}
