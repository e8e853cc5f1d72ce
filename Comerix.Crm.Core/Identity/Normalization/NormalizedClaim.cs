namespace Comerix.Crm.Identity.Normalization;

/// <param name="Value">The match key stored in the identity graph.</param>
/// <param name="DisplayValue">What an admin sees (the email as typed, say).</param>
public readonly record struct NormalizedClaim(string Type, string Value, string DisplayValue, bool Verified);
