namespace Comerix.Crm.Pages.Admin.Customers.Matching.Rules;

/// <summary>"A phone claim", "An email claim", "An external_ref claim": the article before an identifier type's name.</summary>
internal static class ClaimArticle
{
    // Every identifier type is read the way it is spelled, so its first letter decides (no "an u…" or "a h…" cases).
    public static string For(string type) => type.Length > 0 && "aeiouAEIOU".Contains(type[0]) ? "An" : "A";
}
