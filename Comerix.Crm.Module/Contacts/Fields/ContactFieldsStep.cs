using System.Text.Json;
using Comerix.Crm.Recipes;

namespace Comerix.Crm.Contacts.Fields;

/// <summary>
/// <c>{ "name": "contact-fields", "fields": [ { "key", "label", "type", "helpText"?, "options"?: [..], "position"? } ] }</c>.
/// Defines fields by key: a missing one is made, a changed one updated (its values kept), an identical one left alone.
/// A field whose type differs from the recipe's stops the recipe: values were checked against the type they have. The
/// fields page's "Export as recipe" gives the same shape.
/// </summary>
internal sealed class ContactFieldsStep(CustomFieldDefinitions definitions) : IRecipeStepHandler
{
    public const string Name = "contact-fields";
    public const string RecipeActor = "recipe";

    public string StepName => Name;

    public IEnumerable<string> Validate(JsonElement step)
    {
        if (!step.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
        {
            return ["\"fields\" must be an array of contact fields"];
        }
        var errors = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var element in fields.EnumerateArray())
        {
            if (Read(element, out var error) is not { } draft)
            {
                errors.Add($"fields[{i}]: {error}");
            }
            else
            {
                var (field, problems) = CustomFieldDefinitions.Check("", draft);
                errors.AddRange(problems.Select(p => $"fields[{i}] ({draft.Key}): {p.Value}"));
                if (field.Key.Length > 0 && !keys.Add(field.Key))
                {
                    errors.Add($"fields[{i}]: the key '{field.Key}' appears twice");
                }
            }
            i++;
        }
        return errors;
    }

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        foreach (var element in context.Step.GetProperty("fields").EnumerateArray())
        {
            var draft = Read(element, out _)!;
            var existing = await definitions.FindAsync(context.TenantId, draft.Key, cancellationToken);
            var problems = existing is null
                ? await definitions.CreateAsync(context.TenantId, draft, RecipeActor, cancellationToken)
                : existing.Type != draft.Type
                    ? new() { ["Type"] = $"the site's field is {CustomFieldTypes.Label(existing.Type)}, the recipe's {CustomFieldTypes.Label(draft.Type!)}; a field's type cannot change" }
                    : Same(existing, draft) ? [] : await definitions.UpdateAsync(context.TenantId, existing.Key, draft, RecipeActor, cancellationToken);
            if (problems.Count > 0)
            {
                throw new RecipeException(problems.Values.Select(p => $"contact field {draft.Key}: {p}").ToList());
            }
            context.Log($"  contact field {draft.Key}: {(existing is null ? "made" : Same(existing, draft) ? "unchanged" : "saved")}");
        }
    }

    private static bool Same(CustomField field, CustomFieldDraft draft)
    {
        var (wanted, _) = CustomFieldDefinitions.Check(field.TenantId, draft);
        return wanted.Label == field.Label && wanted.HelpText == field.HelpText && wanted.OptionsJson == field.OptionsJson
            && (draft.Position is null || draft.Position == field.Position);
    }

    /// <summary>One field of the step as a draft; null and why when it is not an object of strings (and a position).</summary>
    private static CustomFieldDraft? Read(JsonElement element, out string? error)
    {
        error = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = "must be an object";
            return null;
        }
        string? Text(string name) => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        string? options = null;
        if (element.TryGetProperty("options", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(o => o.ValueKind != JsonValueKind.String))
            {
                error = "\"options\" must be an array of strings";
                return null;
            }
            options = string.Join('\n', list.EnumerateArray().Select(o => o.GetString()));
        }
        int? position = null;
        if (element.TryGetProperty("position", out var at))
        {
            if (at.ValueKind != JsonValueKind.Number || !at.TryGetInt32(out var number))
            {
                error = "\"position\" must be a whole number";
                return null;
            }
            position = number;
        }
        return new CustomFieldDraft(Text("key"), Text("label"), Text("type"), Text("helpText"), options, position);
    }

    /// <summary>The step that recreates <paramref name="fields"/> elsewhere (the fields page's export).</summary>
    public static object Export(IEnumerable<CustomField> fields) => new
    {
        name = Name,
        fields = fields.Select(f => new
        {
            key = f.Key, label = f.Label, type = f.Type, helpText = f.HelpText,
            options = CustomFieldTypes.HasOptions(f.Type) ? CustomFieldOptions.Of(f) : null, position = f.Position,
        }).ToList(),
    };
}
