using System.ComponentModel.DataAnnotations;
using Comerix.Crm.Contacts.Fields;

namespace Comerix.Crm.Pages.Admin.Customers.Fields;

/// <summary>The form that defines or changes a custom field.</summary>
internal sealed class FieldForm
{
    public string? Key { get; set; }
    public string? Label { get; set; }
    public string? Type { get; set; } = CustomFieldTypes.Text;

    [Display(Name = "Help text")]
    public string? HelpText { get; set; }

    /// <summary>One choice per line (one-of-list and many-of-list fields).</summary>
    public string? Options { get; set; }
    /// <summary>As typed: a position that is not a whole number is refused with the others' problems, not dropped.</summary>
    public string? Position { get; set; }

    public CustomFieldDraft Draft() => new(Key, Label, Type, HelpText, Options,
        string.IsNullOrWhiteSpace(Position) ? null
        : int.TryParse(Position.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var at) ? at : -1);

    public static FieldForm Of(Contacts.CustomField field) => new()
    {
        Key = field.Key, Label = field.Label, Type = field.Type, HelpText = field.HelpText,
        Options = string.Join('\n', CustomFieldOptions.Of(field)),
        Position = field.Position.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
