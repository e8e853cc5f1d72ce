using System.Globalization;
using System.Text.Json;
using Comerix.Crm.Text;

namespace Comerix.Crm.Contacts.Fields;

/// <summary>
/// A custom field's values in one canonical text form per type, so they compare and sort the same on both databases:
/// numbers in invariant notation, dates as yyyy-MM-dd, yes/no as "yes" or "no", a one-of-list choice as the option is
/// spelled, several choices as a JSON array in the options' order, URLs as absolute http(s) addresses.
/// </summary>
internal static partial class CustomFieldValues
{
    public const int MaxTextLength = 1_000;
    public const int MaxUrlLength = 2_000;

    /// <summary>
    /// What was typed or chosen (several values only for a many-of-list field) as the value to store: null when it
    /// clears the value, and a problem in words when it cannot be one.
    /// </summary>
    public static string? Parse(CustomField field, IReadOnlyList<string?> input, out string? problem)
    {
        problem = null;
        var given = input.Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).ToList();
        if (given.Count == 0)
        {
            return null;
        }
        if (given.Select(StorableText.Problem).FirstOrDefault(p => p is not null) is { } unstorable)
        {
            problem = $"The value {unstorable}.";
            return null;
        }
        if (field.Type != CustomFieldTypes.ManyOf && given.Count > 1)
        {
            problem = "Give one value.";
            return null;
        }
        var value = given[0];
        var (parsed, why) = field.Type switch
        {
            CustomFieldTypes.Number => ParseNumber(value),
            CustomFieldTypes.Date => ParseDate(value),
            CustomFieldTypes.YesNo => ParseYesNo(value),
            CustomFieldTypes.OneOf => ParseChoice(field, value),
            CustomFieldTypes.ManyOf => ParseChoices(field, given),
            CustomFieldTypes.Url => ParseUrl(value),
            _ => value.Length > MaxTextLength ? (null, $"Text holds at most {MaxTextLength:N0} characters.") : (value, null),
        };
        problem = why;
        return parsed;
    }

    /// <summary>
    /// Digits with an optional point, commas only between groups of three: "1,5" is refused rather than read as 15 (.NET
    /// would take any comma as a thousands separator), so a decimal comma is never silently misread.
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")]
    private static partial System.Text.RegularExpressions.Regex NumberShape();

    private static (string?, string?) ParseNumber(string value) =>
        NumberShape().IsMatch(value.Replace(" ", "", StringComparison.Ordinal))
        && decimal.TryParse(value.Replace(" ", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
            // Without trailing zeros, so one number has one text: 1250.50 and 1250.5 are the same value.
            ? (number.ToString("0.############################", CultureInfo.InvariantCulture), null)
            : (null, $"\u201C{Shorten(value)}\u201D is not a number. Write it like 1250 or 1,250.50.");

    private static (string?, string?) ParseDate(string value) =>
        DateOnly.TryParseExact(value, ["yyyy-MM-dd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? (date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null)
            : (null, $"\u201C{Shorten(value)}\u201D is not a date. Write it as year-month-day, like 2026-03-31.");

    private static (string?, string?) ParseYesNo(string value) => value.ToLowerInvariant() switch
    {
        "yes" or "true" or "1" or "y" => ("yes", null),
        "no" or "false" or "0" or "n" => ("no", null),
        _ => (null, "Choose yes or no."),
    };

    private static (string?, string?) ParseChoice(CustomField field, string value) =>
        CustomFieldOptions.Of(field).FirstOrDefault(o => string.Equals(o, value, StringComparison.OrdinalIgnoreCase)) is { } option
            ? (option, null)
            : (null, $"\u201C{Shorten(value)}\u201D is not one of this field's choices.");

    private static (string?, string?) ParseChoices(CustomField field, IReadOnlyList<string> values)
    {
        var options = CustomFieldOptions.Of(field);
        if (values.FirstOrDefault(v => !options.Contains(v, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            return (null, $"\u201C{Shorten(unknown)}\u201D is not one of this field's choices.");
        }
        var chosen = options.Where(o => values.Contains(o, StringComparer.OrdinalIgnoreCase)).ToList();
        return (JsonSerializer.Serialize(chosen), null);
    }

    private static (string?, string?) ParseUrl(string value)
    {
        if (value.Length > MaxUrlLength)
        {
            return (null, $"A web address holds at most {MaxUrlLength:N0} characters.");
        }
        // Only http and https: a javascript: or data: address on a profile would run when someone clicks it.
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? (value, null)
            : (null, $"\u201C{Shorten(value)}\u201D is not a web address. Write it in full, starting with https://.");
    }

    /// <summary>The choices a many-of-list value holds (one for the other types).</summary>
    public static IReadOnlyList<string> Items(CustomField field, string value) =>
        field.Type == CustomFieldTypes.ManyOf ? JsonSerializer.Deserialize<List<string>>(value) ?? [] : [value];

    /// <summary>The value as people read it: choices joined by commas, numbers grouped.</summary>
    public static string Display(CustomField field, string value) => field.Type switch
    {
        CustomFieldTypes.ManyOf => string.Join(", ", Items(field, value)),
        CustomFieldTypes.YesNo => value == "yes" ? "Yes" : "No",
        CustomFieldTypes.Number when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) =>
            n.ToString("#,##0.############", CultureInfo.InvariantCulture),
        CustomFieldTypes.Date when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) =>
            d.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <summary>
    /// The value as JSON for the read API and exports: numbers as numbers, yes/no as true or false, several choices as
    /// an array of strings, the rest (dates as yyyy-MM-dd) as strings.
    /// </summary>
    public static JsonElement ToJson(CustomField field, string value) => field.Type switch
    {
        CustomFieldTypes.Number when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) => JsonSerializer.SerializeToElement(n),
        CustomFieldTypes.YesNo => JsonSerializer.SerializeToElement(value == "yes"),
        CustomFieldTypes.ManyOf => JsonSerializer.SerializeToElement(Items(field, value)),
        _ => JsonSerializer.SerializeToElement(value),
    };

    /// <summary>The value in a CSV cell: as stored, with several choices joined by ", " rather than as JSON.</summary>
    public static string CsvText(CustomField field, string value) =>
        field.Type == CustomFieldTypes.ManyOf ? string.Join(", ", Items(field, value)) : value;

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

/// <summary>The choices of a one-of-list or many-of-list field.</summary>
internal static class CustomFieldOptions
{
    public const int MaxOptions = 50;
    public const int MaxOptionLength = 60;

    public static IReadOnlyList<string> Of(CustomField field) =>
        field.OptionsJson is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [];

    /// <summary>Options typed one per line, tidied; null and a problem when they cannot be this field's choices.</summary>
    public static List<string>? Parse(string? lines, out string? problem)
    {
        var options = (lines ?? "").Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .Where(l => l.Length > 0).ToList();
        problem = options switch
        {
            { Count: 0 } => "List the choices, one per line.",
            { Count: > MaxOptions } => $"A field offers at most {MaxOptions} choices.",
            _ when options.FirstOrDefault(o => o.Length > MaxOptionLength) is { } longOne =>
                $"A choice holds at most {MaxOptionLength} characters (\u201C{longOne[..MaxOptionLength]}…\u201D).",
            _ when options.FirstOrDefault(o => o.Any(char.IsControl)) is not null => "A choice is one line of text.",
            _ when options.GroupBy(o => o, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice =>
                $"\u201C{twice.Key}\u201D is listed twice.",
            _ => null,
        };
        return problem is null ? options : null;
    }
}
