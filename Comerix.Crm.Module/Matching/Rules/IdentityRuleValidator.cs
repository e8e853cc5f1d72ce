using System.Globalization;
using Comerix.Crm.Activity;
using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Normalization;

namespace Comerix.Crm.Matching.Rules;

/// <summary>What makes a rule valid; the editor, the recipe step and the store all ask here.</summary>
internal static class IdentityRuleValidator
{
    public const int MaxNameLength = 100;
    public const int MaxFieldPathLength = 200;
    public const int MaxMappings = 20;

    /// <summary>Each error is (the form field it belongs to, the message).</summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(IdentityRuleDefinition rule)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(rule.Name))
        {
            errors.Add(("Name", "Give the rule a name."));
        }
        else if (rule.Name.Trim().Length > MaxNameLength)
        {
            errors.Add(("Name", $"The name is longer than {MaxNameLength} characters."));
        }
        if (!RuleTriggers.IsKnown(rule.Trigger))
        {
            errors.Add(("Trigger", $"Unknown trigger '{rule.Trigger}'; expected one of {string.Join(", ", RuleTriggers.All.Select(t => t.Key))}."));
        }
        else if (rule.Trigger == RuleTriggers.Custom && !ActivityTypes.IsValidName(rule.EventType))
        {
            errors.Add(("EventType", "A custom trigger needs an event type: lower-case letters, digits, '_', '.', ':' or '-' (e.g. newsletter.signup)."));
        }
        if (rule.Tasks.Count == 0)
        {
            errors.Add(("Tasks", "A rule needs at least one task: resolve identity, set traits, record conversion or set lifecycle stage."));
        }
        foreach (var group in rule.Tasks.GroupBy(t => t.Task).Where(g => g.Count() > 1))
        {
            errors.Add(("Tasks", $"The task '{group.Key}' appears more than once; put all its fields in one."));
        }
        foreach (var task in rule.Tasks)
        {
            ValidateTask(task, errors);
        }
        RuleConditions.Validate(rule, errors);
        return errors;
    }

    private static void ValidateTask(RuleTask task, List<(string, string)> errors)
    {
        switch (task.Task)
        {
            case RuleTasks.ResolveIdentity:
                ValidateMappings(task, "Identifiers", errors, IdentifierMappingError);
                break;
            case RuleTasks.SetTraits:
                ValidateMappings(task, "Traits", errors, m => string.IsNullOrWhiteSpace(m.Trait) || m.Trait.Length > 100
                    ? $"Field '{m.Field}' needs a trait name of 1 to 100 characters."
                    : null);
                break;
            case RuleTasks.RecordConversion:
                if (!IsFieldPath(task.ValueField))
                {
                    errors.Add(("ValueField", "Record conversion needs the field that holds the order's value (e.g. total)."));
                }
                if (task.CurrencyField is not null && !IsFieldPath(task.CurrencyField))
                {
                    errors.Add(("CurrencyField", "The currency field is not a valid field path."));
                }
                if (task.Currency is not null && !IsCurrency(task.Currency))
                {
                    errors.Add(("Currency", $"'{task.Currency}' is not a three-letter currency code (e.g. EUR)."));
                }
                if (task.CurrencyField is null && task.Currency is null)
                {
                    errors.Add(("Currency", "Name a currency field, a default currency, or both."));
                }
                break;
            case RuleTasks.SetStage:
                if (string.IsNullOrEmpty(task.Stage) || task.Stage.Length > 64 || !task.Stage.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_'))
                {
                    errors.Add(("Stage", "Choose the lifecycle stage to move the contact to (a stage's key, e.g. customer)."));
                }
                break;
            default:
                errors.Add(("Tasks", $"Unknown task '{task.Task}'; expected one of {string.Join(", ", RuleTasks.All.Select(t => t.Key))}."));
                break;
        }
    }

    private static string? IdentifierMappingError(FieldMapping m)
    {
        if (!IdentifierTypes.IsKnown(m.Identifier))
        {
            return string.IsNullOrEmpty(m.Identifier)
                ? $"Choose the identifier type that field '{m.Field}' holds."
                : $"Field '{m.Field}' maps to identifier type '{m.Identifier}', which is unknown; expected one of {string.Join(", ", IdentifierTypes.All)}.";
        }
        if (m.Identifier != IdentifierTypes.ExternalRef)
        {
            return m.Namespace is null ? null : $"Field '{m.Field}' maps to {m.Identifier}, which takes no namespace; only external_ref does.";
        }
        // Without a namespace the engine drops every claim the mapping makes ("external_ref needs a namespace"):
        // refuse the rule here rather than save one that can never identify anybody.
        // The mapping holds its namespace trimmed and lower-case, blank as null (FieldMapping.Namespace).
        return m.Namespace is null
            ? $"Field '{m.Field}' maps to external_ref, which needs a namespace: the system its ids come from (e.g. shopify makes shopify:1234)."
            : !ExternalRefNormalizer.IsValidNamespace(m.Namespace)
                ? $"The namespace '{m.Namespace}' of field '{m.Field}' must be 1 to 32 letters, digits, '_', '.' or '-'."
                : null;
    }

    private static void ValidateMappings(RuleTask task, string field, List<(string, string)> errors, Func<FieldMapping, string?> check)
    {
        var mappings = task.Fields ?? [];
        if (mappings.Count == 0)
        {
            errors.Add((field, "Map at least one field."));
        }
        if (mappings.Count > MaxMappings)
        {
            errors.Add((field, $"A task maps at most {MaxMappings} fields."));
        }
        foreach (var mapping in mappings)
        {
            var error = !IsFieldPath(mapping.Field) ? $"'{mapping.Field}' is not a field path (letters, digits, '_', '-', '$', separated by dots)." : check(mapping);
            if (error is not null)
            {
                errors.Add((field, error));
            }
        }
    }

    /// <summary>Dot-separated segments such as <c>email</c>, <c>customer.email</c> or <c>traits.company</c>.</summary>
    public static bool IsFieldPath(string? path) =>
        !string.IsNullOrWhiteSpace(path) && path.Length <= MaxFieldPathLength
        && path.Split('.').All(segment => segment.Length > 0 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$'));

    public static bool IsCurrency(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetter);

    internal static string NormalizeCurrency(string code) => code.ToUpper(CultureInfo.InvariantCulture);
}
