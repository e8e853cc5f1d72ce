using Microsoft.AspNetCore.Identity;

namespace Comerix.SiteHost.Security;

/// <summary>The password rules in words, read from the configured options so the message cannot drift from the check.</summary>
public static class PasswordRules
{
    public static string Describe(PasswordOptions rules)
    {
        var needs = new List<string>();
        if (rules.RequireUppercase)
        {
            needs.Add("an upper-case letter");
        }
        if (rules.RequireLowercase)
        {
            needs.Add("a lower-case letter");
        }
        if (rules.RequireDigit)
        {
            needs.Add("a digit");
        }
        if (rules.RequireNonAlphanumeric)
        {
            needs.Add("a symbol");
        }
        var with = needs.Count switch
        {
            0 => "",
            1 => ", with " + needs[0],
            _ => ", with " + string.Join(", ", needs[..^1]) + " and " + needs[^1],
        };
        return $"Passwords need at least {rules.RequiredLength} characters{with}.";
    }
}
