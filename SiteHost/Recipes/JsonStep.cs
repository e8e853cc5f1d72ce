using System.Text.Json;

namespace Comerix.SiteHost.Recipes;

/// <summary>Small readers for recipe step JSON, each returning null on a wrong shape so Validate can say so.</summary>
internal static class JsonStep
{
    public static IReadOnlyList<string>? Strings(JsonElement step, string property) =>
        step.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? value.EnumerateArray().Select(v => v.GetString()!).ToList()
            : null;

    public static int? Int(JsonElement step, string property) =>
        step.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i : null;
}
