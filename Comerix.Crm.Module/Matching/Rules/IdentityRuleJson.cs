using System.Text.Json;
using System.Text.Json.Serialization;

namespace Comerix.Crm.Matching.Rules;

/// <summary>How rules look as JSON: in recipes, in storage (the tasks) and in exports. Unknown properties are errors, so a typo in a recipe is named rather than ignored.</summary>
internal static class IdentityRuleJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = false,
    };

    public static IdentityRuleDefinition? Read(JsonElement element, out string? error)
    {
        try
        {
            error = null;
            return element.Deserialize<IdentityRuleDefinition>(Options);
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    public static string WriteTasks(IReadOnlyList<RuleTask> tasks) => JsonSerializer.Serialize(tasks, Options);

    /// <summary>The conditions as stored: null for a rule without any.</summary>
    public static string? WriteConditions(IdentityRuleDefinition rule) =>
        rule.Conditions is { Count: > 0 } conditions ? JsonSerializer.Serialize(new StoredConditions(rule.Match ?? RuleConditions.MatchAll, conditions), Options) : null;

    public static (string? Match, IReadOnlyList<RuleCondition>? Conditions) ReadConditions(string? json) =>
        json is null ? (null, null) : JsonSerializer.Deserialize<StoredConditions>(json, Options) is { } stored ? (stored.Match, stored.Conditions) : (null, null);

    private sealed record StoredConditions(string Match, IReadOnlyList<RuleCondition> Conditions);

    public static IReadOnlyList<RuleTask> ReadTasks(string json) =>
        JsonSerializer.Deserialize<List<RuleTask>>(json, Options) ?? [];
}
