namespace Comerix.Crm.Matching.Rules;

/// <summary>
/// A condition on the event a rule's trigger matched: a payload field or trait compared with a value. A rule runs only
/// when its conditions hold: all of them, or (<see cref="IdentityRuleDefinition.Match"/> "any") at least one.
/// </summary>
internal sealed record RuleCondition
{
    /// <summary>A path into the payload (<c>consent.marketing</c>) or <c>traits.x</c>, as tasks read fields.</summary>
    public string Field { get; init; } = "";

    /// <summary>One of <see cref="RuleConditions.Operators"/>.</summary>
    public string Operator { get; init; } = "";

    /// <summary>What equals and contains compare with; for one-of, the choices separated by commas. None for exists and consent.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Value { get; init; }
}

internal static class RuleConditions
{
    public const string Equal = "equals";
    public const string Contains = "contains";
    public const string OneOf = "one-of";
    public const string Exists = "exists";
    public const string Consent = "consent";
    public const string MatchAll = "all";
    public const string MatchAny = "any";
    public const int MaxConditions = 20;
    public const int MaxValueLength = 200;

    public static IReadOnlyList<(string Key, string Label)> Operators { get; } =
    [
        (Equal, "equals"), (Contains, "contains"), (OneOf, "is one of"), (Exists, "exists"), (Consent, "is a yes (consent given)"),
    ];

    /// <summary>The values a consent flag holds when consent was given (a checkbox, a CMP's answer), compared without case.</summary>
    private static readonly HashSet<string> ConsentGiven = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "yes", "y", "1", "on", "granted", "accepted", "opt-in", "opted-in", "agree", "agreed",
    };

    public static bool NeedsValue(string op) => op is Equal or Contains or OneOf;

    public static bool Holds(RuleCondition condition, EventFields fields)
    {
        var value = fields.Get(condition.Field);
        var wanted = condition.Value?.Trim() ?? "";
        return condition.Operator switch
        {
            Equal => value is not null && string.Equals(value, wanted, StringComparison.OrdinalIgnoreCase),
            Contains => value is not null && value.Contains(wanted, StringComparison.OrdinalIgnoreCase),
            OneOf => value is not null && Choices(wanted).Any(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase)),
            Exists => value is not null,
            Consent => value is not null && ConsentGiven.Contains(value),
            _ => false,
        };
    }

    /// <summary>Why the rule does not run for this event ("condition traits.plan equals “pro” did not hold"), or null when it does.</summary>
    public static string? WhyNot(IdentityRuleDefinition rule, EventFields fields)
    {
        var conditions = rule.Conditions ?? [];
        if (conditions.Count == 0)
        {
            return null;
        }
        if (rule.Match == MatchAny)
        {
            return conditions.Any(c => Holds(c, fields)) ? null : $"none of its conditions held ({string.Join("; ", conditions.Select(Describe))})";
        }
        return conditions.FirstOrDefault(c => !Holds(c, fields)) is { } failed ? $"condition {Describe(failed)} did not hold" : null;
    }

    /// <summary>"traits.plan equals “pro”", "consent.marketing is a yes (consent given)".</summary>
    public static string Describe(RuleCondition condition)
    {
        var op = Operators.FirstOrDefault(o => o.Key == condition.Operator).Label ?? condition.Operator;
        return NeedsValue(condition.Operator) ? $"{condition.Field} {op} \u201C{condition.Value}\u201D" : $"{condition.Field} {op}";
    }

    public static IEnumerable<string> Choices(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The problems of a rule's conditions, each (form field, message).</summary>
    public static void Validate(IdentityRuleDefinition rule, List<(string, string)> errors)
    {
        if (rule.Match is not (null or MatchAll or MatchAny))
        {
            errors.Add(("Match", $"Conditions match 'all' or 'any', not '{rule.Match}'."));
        }
        var conditions = rule.Conditions ?? [];
        if (conditions.Count > MaxConditions)
        {
            errors.Add(("Conditions", $"A rule has at most {MaxConditions} conditions."));
        }
        foreach (var condition in conditions)
        {
            if (!IdentityRuleValidator.IsFieldPath(condition.Field))
            {
                errors.Add(("Conditions", $"'{condition.Field}' is not a field path (letters, digits, '_', '-', '$', separated by dots)."));
            }
            else if (Operators.All(o => o.Key != condition.Operator))
            {
                errors.Add(("Conditions", $"The condition on '{condition.Field}' has the operator '{condition.Operator}'; expected one of {string.Join(", ", Operators.Select(o => o.Key))}."));
            }
            else if (NeedsValue(condition.Operator) && string.IsNullOrWhiteSpace(condition.Value))
            {
                errors.Add(("Conditions", $"The condition on '{condition.Field}' needs a value to compare with."));
            }
            else if (condition.Value is { Length: > MaxValueLength })
            {
                errors.Add(("Conditions", $"The condition on '{condition.Field}' compares with more than {MaxValueLength} characters."));
            }
        }
    }
}
