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

    public static IReadOnlyList<RuleTask> ReadTasks(string json) =>
        JsonSerializer.Deserialize<List<RuleTask>>(json, Options) ?? [];
}
