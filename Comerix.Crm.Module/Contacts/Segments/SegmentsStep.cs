using System.Text.Json;
using Comerix.Crm.Recipes;

namespace Comerix.Crm.Contacts.Segments;

/// <summary>
/// <c>{ "name": "segments", "segments": [ { "name": "Repeat buyers", "match": "all", "conditions": [ { "subject":
/// "activity", "test": "did", "eventType": "conversion", "times": 2, "days": 30 } ] } ] }</c>: segments by name. One of
/// that name is made, or given these conditions; the others are left as they are. The conditions are checked against
/// the site's own contact fields and stages when the step runs (a condition on a field the site lacks stops the recipe,
/// naming it). Applying it again changes nothing.
/// </summary>
internal sealed class SegmentsStep(ContactSegments segments) : IRecipeStepHandler
{
    public const string Name = "segments";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string StepName => Name;

    public IEnumerable<string> Validate(JsonElement step) => Read(step).Errors;

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var existing = await segments.ListAsync(context.TenantId, cancellationToken);
        var errors = new List<string>();
        foreach (var (name, match, conditions) in Read(context.Step).Segments)
        {
            var same = existing.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
            var (definition, problems) = await segments.CheckAsync(context.TenantId, match, conditions, cancellationToken);
            if (problems.Count > 0)
            {
                errors.AddRange(problems.Select(p => $"segment '{name}': {p}"));
                continue;
            }
            if (same is not null && same.Match == definition.Match && same.ConditionsJson == SegmentCondition.ToJson(definition.Conditions))
            {
                context.Log($"  segment {name}: unchanged");
                continue;
            }
            var (_, saveProblems) = await segments.SaveAsync(context.TenantId, same?.Id, name, match, conditions, "recipe", cancellationToken);
            errors.AddRange(saveProblems.Select(p => $"segment '{name}': {p}"));
            context.Log($"  segment {name}: {(same is null ? "made" : "conditions replaced")}");
        }
        if (errors.Count > 0)
        {
            throw new RecipeException(errors);
        }
    }

    /// <summary>The step that makes <paramref name="all"/> elsewhere (the Segments page's export).</summary>
    public static object Export(IEnumerable<Segment> all) => new
    {
        name = Name,
        segments = all.Select(s => new { name = s.Name, match = s.Match, conditions = SegmentCondition.FromJson(s.ConditionsJson) }).ToList(),
    };

    private static (List<(string Name, string? Match, IReadOnlyList<SegmentCondition> Conditions)> Segments, List<string> Errors) Read(JsonElement step)
    {
        var read = new List<(string, string?, IReadOnlyList<SegmentCondition>)>();
        var errors = new List<string>();
        if (!step.TryGetProperty("segments", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return (read, ["\"segments\" must be an array of segments"]);
        }
        var i = 0;
        foreach (var element in list.EnumerateArray())
        {
            var prefix = $"segments[{i++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{prefix}: a segment is an object with a name, match and conditions");
                continue;
            }
            var name = element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? ContactSegments.TidyName(n.GetString(), out var problem) : null;
            if (name is null)
            {
                errors.Add($"{prefix}: a segment needs a name of at most {ContactSegments.MaxNameLength} characters on one line");
                continue;
            }
            var match = element.TryGetProperty("match", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : SegmentMatch.All;
            if (!element.TryGetProperty("conditions", out var c) || c.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{prefix} ({name}): \"conditions\" must be an array");
                continue;
            }
            try
            {
                read.Add((name, match, JsonSerializer.Deserialize<List<SegmentCondition>>(c.GetRawText(), Json) ?? []));
            }
            catch (JsonException)
            {
                errors.Add($"{prefix} ({name}): each condition is an object with a subject and a test (and what the test needs)");
            }
        }
        if (read.GroupBy(s => s.Item1, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            errors.Add($"the segment '{twice.Key}' appears twice");
        }
        return (read, errors);
    }
}
