using Comerix.Crm.Contacts.Fields;

namespace Comerix.Crm.Contacts.Segments;

/// <summary>What a segment condition's test needs besides its subject.</summary>
internal enum SegmentInput
{
    None,
    Text,
    Number,
    Date,
    /// <summary>A number of days (first/last seen "in the last D days").</summary>
    Days,
    Tag,
    Stage,
    /// <summary>A user's email, or "me" (whoever reads the segment).</summary>
    Owner,
    Source,
    /// <summary>One of a list field's options.</summary>
    Option,
    /// <summary>An event type, optional name, at least N times, in the last D days.</summary>
    Activity,
    /// <summary>An amount and a number of days.</summary>
    Amount,
}

internal sealed record SegmentTest(string Code, string Label, SegmentInput Input);

/// <summary>A thing a condition can test, with the tests it offers.</summary>
/// <param name="FieldType">A custom field's <see cref="CustomFieldTypes"/> code; null for the others.</param>
/// <param name="Options">A list field's options, in order.</param>
internal sealed record SegmentSubject(string Code, string Label, string Group, IReadOnlyList<SegmentTest> Tests, string? FieldType = null, IReadOnlyList<string>? Options = null)
{
    public SegmentTest? Find(string? test) => Tests.FirstOrDefault(t => t.Code == test);
}

/// <summary>The subjects a tenant's segments can test: the standard ones, then one per custom field.</summary>
internal static class SegmentSubjects
{
    public const string FieldPrefix = "field:";
    public const string Name = "name";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Company = "company";
    public const string Identified = "identified";
    public const string DoNotContact = "do-not-contact";
    public const string Source = "source";
    public const string Stage = "stage";
    public const string Owner = "owner";
    public const string Tag = "tag";
    public const string FirstSeen = "first-seen";
    public const string LastSeen = "last-seen";
    public const string Activity = "activity";
    public const string ConversionTotal = "conversion-total";

    private static readonly SegmentTest Is = new("is", "is", SegmentInput.Text);
    private static readonly SegmentTest Contains = new("contains", "contains", SegmentInput.Text);
    private static readonly SegmentTest StartsWith = new("starts-with", "starts with", SegmentInput.Text);
    private static readonly SegmentTest Empty = new("is-empty", "is empty", SegmentInput.None);
    private static readonly SegmentTest NotEmpty = new("is-not-empty", "is not empty", SegmentInput.None);
    private static readonly SegmentTest Yes = new("is-yes", "is yes", SegmentInput.None);
    private static readonly SegmentTest No = new("is-no", "is no", SegmentInput.None);

    private static readonly IReadOnlyList<SegmentTest> TextTests = [Is, Contains, StartsWith, Empty, NotEmpty];

    private static readonly IReadOnlyList<SegmentTest> SeenTests =
    [
        new("within-days", "in the last … days", SegmentInput.Days), new("more-than-days", "more than … days ago", SegmentInput.Days),
        new("before", "before", SegmentInput.Date), new("after", "on or after", SegmentInput.Date),
    ];

    public static readonly IReadOnlyList<SegmentSubject> Standard =
    [
        new(Name, "Name", "Profile", TextTests),
        new(Email, "Email", "Profile", TextTests),
        new(Phone, "Phone", "Profile", TextTests),
        new(Company, "Company", "Profile", TextTests),
        new(Identified, "Identified", "Contact", [Yes, No]),
        new(DoNotContact, "Do not contact", "Contact", [Yes, No]),
        new(Source, "Source", "Contact", [new("is", "is", SegmentInput.Source), new("is-not", "is not", SegmentInput.Source)]),
        new(Stage, "Lifecycle stage", "Contact",
            [new("is", "is", SegmentInput.Stage), new("is-not", "is not", SegmentInput.Stage), new("at-or-after", "is at or after", SegmentInput.Stage), Empty, NotEmpty]),
        new(Owner, "Owner", "Contact", [new("is", "is", SegmentInput.Owner), Empty, NotEmpty]),
        new(Tag, "Tag", "Contact", [new("has", "has", SegmentInput.Tag), new("has-not", "does not have", SegmentInput.Tag)]),
        new(FirstSeen, "First seen", "Contact", SeenTests),
        new(LastSeen, "Last seen", "Contact", SeenTests),
        new(Activity, "Activity", "Activity", [new("did", "did", SegmentInput.Activity), new("did-not", "did not", SegmentInput.Activity)]),
        new(ConversionTotal, "Conversion value total", "Activity",
            [new("at-least", "is at least", SegmentInput.Amount), new("below", "is below", SegmentInput.Amount)]),
    ];

    /// <summary>The standard subjects and the tenant's custom fields, each field with the tests its type allows.</summary>
    public static IReadOnlyList<SegmentSubject> For(IEnumerable<CustomField> fields) =>
        [.. Standard, .. fields.OrderBy(f => f.Position).ThenBy(f => f.Key).Select(ForField)];

    private static SegmentSubject ForField(CustomField field)
    {
        IReadOnlyList<SegmentTest> tests = field.Type switch
        {
            CustomFieldTypes.Number =>
                [new("is", "is", SegmentInput.Number), new("greater-than", "is greater than", SegmentInput.Number), new("less-than", "is less than", SegmentInput.Number), Empty, NotEmpty],
            CustomFieldTypes.Date =>
                [new("is", "is", SegmentInput.Date), new("before", "is before", SegmentInput.Date), new("after", "is after", SegmentInput.Date), Empty, NotEmpty],
            CustomFieldTypes.YesNo => [Yes, No, Empty],
            CustomFieldTypes.OneOf => [new("is", "is", SegmentInput.Option), new("is-not", "is not", SegmentInput.Option), Empty, NotEmpty],
            CustomFieldTypes.ManyOf => [new("includes", "includes", SegmentInput.Option), new("excludes", "does not include", SegmentInput.Option), Empty, NotEmpty],
            _ => [Is, Contains, Empty, NotEmpty],
        };
        return new(FieldPrefix + field.Key, field.Label, "Contact fields", tests, field.Type,
            CustomFieldTypes.HasOptions(field.Type) ? CustomFieldOptions.Of(field) : null);
    }
}
