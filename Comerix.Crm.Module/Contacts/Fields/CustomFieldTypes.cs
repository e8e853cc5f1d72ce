namespace Comerix.Crm.Contacts.Fields;

/// <summary>The kinds of value a custom field holds; the code is stored, the label shown.</summary>
internal static class CustomFieldTypes
{
    public const string Text = "text";
    public const string Number = "number";
    public const string Date = "date";
    public const string YesNo = "yes-no";
    public const string OneOf = "one-of";
    public const string ManyOf = "many-of";
    public const string Url = "url";

    public static readonly IReadOnlyList<(string Code, string Label)> All =
    [
        (Text, "Text"), (Number, "Number"), (Date, "Date"), (YesNo, "Yes / no"),
        (OneOf, "One of a list"), (ManyOf, "Several of a list"), (Url, "Web address (URL)"),
    ];

    public static bool IsKnown(string? code) => All.Any(t => t.Code == code);

    public static string Label(string code) => All.FirstOrDefault(t => t.Code == code).Label ?? code;

    /// <summary>True for the types whose values are chosen from the field's options.</summary>
    public static bool HasOptions(string code) => code is OneOf or ManyOf;
}
