using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Contacts.Fields;

/// <summary>
/// The contact field values an event carries, checked against the site's fields: the native API's <c>fields</c> (an
/// unknown field or a value that is not one of it fails the event, by name), a trait whose name is a field's key (a
/// Segment identify's traits, say: set when it is a value of the field, a trait as before either way), and a trait
/// an identity rule named <c>field:key</c> (taken out of the traits and set like <c>fields</c>).
/// </summary>
internal static class EventFieldValues
{
    public const string RuleTraitPrefix = ContactFieldColumn.Prefix;

    /// <returns>The event without its <c>field:</c> traits, and the values to set (field key, stored value).</returns>
    public static (CrmEvent Event, List<(string Key, string Value)> Values) Take(
        CrmEvent evt, IReadOnlyDictionary<string, CustomField> fields, List<string> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, given) in evt.Fields ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            if (!fields.TryGetValue(key, out var field))
            {
                errors.Add($"fields.{key}: there is no contact field with the key '{key}'");
            }
            else if (CustomFieldValues.Parse(field, given.ToList<string?>(), out var problem) is { } value)
            {
                values[key] = value;
            }
            else if (problem is not null)
            {
                errors.Add($"fields.{key}: {problem}");
            }
        }
        var traits = evt.Traits;
        if (traits is not null && fields.Count > 0)
        {
            foreach (var (name, text) in traits)
            {
                var key = name.StartsWith(RuleTraitPrefix, StringComparison.Ordinal) ? name[RuleTraitPrefix.Length..] : name;
                if (!values.ContainsKey(key) && fields.TryGetValue(key, out var field)
                    && CustomFieldValues.Parse(field, field.Type == CustomFieldTypes.ManyOf ? Split(text) : [text], out _) is { } value)
                {
                    values[key] = value;
                }
            }
            if (traits.Keys.Any(k => k.StartsWith(RuleTraitPrefix, StringComparison.Ordinal)))
            {
                evt = evt with { Traits = traits.Where(t => !t.Key.StartsWith(RuleTraitPrefix, StringComparison.Ordinal)).ToDictionary(t => t.Key, t => t.Value) };
            }
        }
        return (evt, values.Select(v => (v.Key, v.Value)).ToList());
    }

    private static List<string?> Split(string text) =>
        text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList<string?>();
}
