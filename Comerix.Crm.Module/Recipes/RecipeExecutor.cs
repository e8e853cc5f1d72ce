using System.Text.Json;

namespace Comerix.Crm.Recipes;

/// <summary>
/// Runs a recipe: a JSON document whose "steps" are executed in order by the handler registered for each step
/// name. The whole recipe is validated before its first step runs.
/// </summary>
public sealed class RecipeExecutor(IEnumerable<IRecipeStepHandler> handlers, IServiceProvider services)
{
    public async Task<string> ExecuteAsync(string tenantId, string json, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        var (document, problem) = Text.StorableJson.Parse(json,
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 });
        if (problem is not null)
        {
            throw new RecipeException([problem.Syntax
                ? $"the file is not valid JSON: {problem.Exception!.Message}"
                : $"the file holds text that cannot be stored: {problem.Detail}"]);
        }
        using (document!)
        {
            var root = document!.RootElement;
            var name = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()! : "recipe";
            var steps = Validate(root);
            foreach (var (step, handler) in steps)
            {
                log?.Invoke($"{name}: {handler.StepName}");
                await handler.ExecuteAsync(new RecipeStepContext(tenantId, step, services, log ?? (_ => { })), cancellationToken);
            }
            return name;
        }
    }

    private List<(JsonElement Step, IRecipeStepHandler Handler)> Validate(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("steps", out var steps) || steps.ValueKind != JsonValueKind.Array)
        {
            throw new RecipeException(["a recipe is an object with a \"steps\" array"]);
        }
        var errors = new List<string>();
        var result = new List<(JsonElement, IRecipeStepHandler)>();
        var index = 0;
        foreach (var step in steps.EnumerateArray())
        {
            var stepName = step.ValueKind == JsonValueKind.Object && step.TryGetProperty("name", out var s) && s.ValueKind == JsonValueKind.String
                ? s.GetString() : null;
            var handler = handlers.FirstOrDefault(h => h.StepName == stepName);
            if (handler is null)
            {
                errors.Add(stepName is null
                    ? $"steps[{index}]: a step needs a \"name\""
                    : $"steps[{index}]: unknown step \"{stepName}\" (known: {string.Join(", ", handlers.Select(h => h.StepName).Order())})");
            }
            else
            {
                errors.AddRange(handler.Validate(step).Select(e => $"steps[{index}] ({stepName}): {e}"));
                result.Add((step, handler));
            }
            index++;
        }
        if (errors.Count > 0)
        {
            throw new RecipeException(errors);
        }
        return result;
    }
}
