namespace Comerix.Crm.Identity;

/// <summary>"This event says identifier <paramref name="Type"/>=<paramref name="Value"/> belongs to the actor."</summary>
/// <param name="Verified">True when the source is trusted (a server-side order, a signed-in user's email).</param>
public sealed record IdentityClaim(string Type, string Value, bool Verified = false);
