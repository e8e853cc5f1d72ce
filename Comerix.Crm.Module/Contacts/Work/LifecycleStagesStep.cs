using System.Text.Json;
using Comerix.Crm.Recipes;

namespace Comerix.Crm.Contacts.Work;

/// <summary>
/// <c>{ "name": "lifecycle-stages", "stages": [ { "label": "Lead", "key"?: "lead" } ] }</c>: the site's stages, in
/// order. The list replaces the site's; a stage contacts are at that the recipe leaves out is kept at the end, so a
/// recipe never takes anybody's stage away. A key, when given, is what contacts, imports and rules name (it defaults
/// to the label's: "Marketing qualified" is marketing_qualified).
/// </summary>
internal sealed class LifecycleStagesStep(LifecycleStages stages) : IRecipeStepHandler
{
    public const string Name = "lifecycle-stages";

    public string StepName => Name;

    public IEnumerable<string> Validate(JsonElement step)
    {
        var (read, errors) = Read(step);
        return read.Count == 0 && errors.Count == 0 ? ["\"stages\" names no stage; a site keeps at least one"] : errors;
    }

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var (read, _) = Read(context.Step);
        await stages.ReplaceAsync(context.TenantId, read, "recipe", cancellationToken);
        context.Log($"  lifecycle stages: {string.Join(", ", read.Select(s => s.Label))}");
    }

    /// <summary>The step that sets <paramref name="stages"/> elsewhere (the stages page's export).</summary>
    public static object Export(IEnumerable<StageChoice> stages) => new
    {
        name = Name,
        stages = stages.Select(s => new { key = s.Key, label = s.Label }).ToList(),
    };

    private static (List<StageChoice> Stages, List<string> Errors) Read(JsonElement step)
    {
        var read = new List<StageChoice>();
        var errors = new List<string>();
        if (!step.TryGetProperty("stages", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return (read, ["\"stages\" must be an array of stages"]);
        }
        var i = 0;
        foreach (var element in list.EnumerateArray())
        {
            string? Text(string name) => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
                && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var label = Text("label");
            var key = Text("key") ?? (label is null ? "" : LifecycleStages.KeyOf(label));
            if (LifecycleStages.CheckLabel(label, out var tidy) is { } problem)
            {
                errors.Add($"stages[{i}]: {problem}");
            }
            else if (key.Length == 0 || key.Length > 64 || !char.IsAsciiLetterLower(key[0]) || !key.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_'))
            {
                errors.Add($"stages[{i}]: the key '{key}' must start with a letter and hold only lower-case letters, digits and '_'");
            }
            else if (key == ContactStageSetter.NoStage)
            {
                errors.Add($"stages[{i}]: 'none' means no stage and cannot be a stage's key");
            }
            else if (read.Any(s => s.Key == key || string.Equals(s.Label, tidy, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"stages[{i}]: the stage '{tidy}' ({key}) appears twice");
            }
            else if (read.Count >= LifecycleStages.MaxPerTenant)
            {
                errors.Add($"stages[{i}]: a site has at most {LifecycleStages.MaxPerTenant} stages");
            }
            else
            {
                read.Add(new StageChoice(key, tidy));
            }
            i++;
        }
        return (read, errors);
    }
}
