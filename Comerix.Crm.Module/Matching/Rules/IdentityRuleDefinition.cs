using System.Text.Json.Serialization;

namespace Comerix.Crm.Matching.Rules;

/// <summary>
/// An identity rule as data: what a recipe step carries, what the editor edits and what is stored. When the
/// trigger matches an event, the tasks read the event's fields (paths into its payload, or <c>traits.x</c>) and
/// turn them into identifier claims, traits and a conversion value.
/// </summary>
internal sealed record IdentityRuleDefinition
{
    public string Name { get; init; } = "";
    public bool Enabled { get; init; } = true;
    /// <summary>One of <see cref="RuleTriggers"/>.</summary>
    public string Trigger { get; init; } = "";
    /// <summary>For the custom trigger: the event type it starts from.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EventType { get; init; }
    /// <summary>"all" (the default) or "any": whether every condition must hold, or one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Match { get; init; }
    /// <summary>Conditions on the event; the rule runs only when they hold (<see cref="RuleConditions"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RuleCondition>? Conditions { get; init; }
    public IReadOnlyList<RuleTask> Tasks { get; init; } = [];

    public RuleTask? Task(string kind) => Tasks.FirstOrDefault(t => t.Task == kind);
}

/// <summary>One task of a rule; which properties apply depends on <see cref="Task"/> (see <see cref="RuleTasks"/>).</summary>
internal sealed record RuleTask
{
    public string Task { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FieldMapping>? Fields { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ValueField { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CurrencyField { get; init; }
    /// <summary>The currency when the event names none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Currency { get; init; }
    /// <summary>For set-stage: the key of the stage to move the contact to.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Stage { get; init; }
}

/// <summary>
/// Field → identifier type (resolve identity) or field → trait name (set traits).
/// </summary>
internal sealed record FieldMapping
{
    public string Field { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Identifier { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Verified { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Trait { get; init; }
    /// <summary>
    /// For <c>external_ref</c>: the system the field's id comes from (<c>shopify</c>), put before the value
    /// (<c>shopify:1234</c>). Ids from different systems must never meet, so an external_ref needs one.
    /// Normalised here, the one place every rule passes through (the editor's form, a recipe, storage, an export):
    /// trimmed and lower-case, as the engine normalises a claim's namespace; blank is none.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Namespace
    {
        get;
        init => field = string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();
    }

    /// <summary>The claim value for a field's value: under the mapping's namespace, unless the field already names it.</summary>
    public string ClaimValue(string value) =>
        Namespace is not { } ns || value.StartsWith(ns + ":", StringComparison.OrdinalIgnoreCase) ? value : ns + ":" + value;
}
