namespace Comerix.Crm.Contacts;

/// <summary>
/// A field the site's team defines for its contacts ("Date of birth", "Plan", "Account manager's notes"), with a type
/// that decides how its values are checked and compared. Never used to decide who is who.
/// </summary>
internal sealed class CustomField
{
    public required string TenantId { get; set; }

    /// <summary>Lower-case letters, digits and underscores, fixed once made: what imports, the API and recipes name.</summary>
    public required string Key { get; set; }
    public required string Label { get; set; }

    /// <summary>A <see cref="CustomFieldTypes"/> code; fixed once made (values were checked against it).</summary>
    public required string Type { get; set; }
    public string? HelpText { get; set; }

    /// <summary>The choices of a one-of-list or many-of-list field, in the order shown, as a JSON array; null otherwise.</summary>
    public string? OptionsJson { get; set; }

    /// <summary>Where the field shows among the others, lowest first.</summary>
    public int Position { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>
/// One contact's value of one <see cref="CustomField"/>, in its canonical text form (see the module's
/// <c>CustomFieldValues</c>). No row means no value. Merges keep the survivor's value and take the other's where the
/// survivor has none; erasure deletes them with the person; deleting the field deletes its values (the foreign key).
/// </summary>
internal sealed class ContactFieldValue
{
    public required string TenantId { get; set; }
    public long ContactId { get; set; }
    public required string FieldKey { get; set; }
    public required string Value { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}

/// <summary>
/// The columns one site user chose for the Contacts list (standard ones and contact fields), as a JSON array of
/// column names in the order shown. No row means the list's default columns.
/// </summary>
internal sealed class ListColumnChoice
{
    public required string TenantId { get; set; }

    /// <summary>The site user's name (their sign-in), whose list this is.</summary>
    public required string UserName { get; set; }
    public required string ColumnsJson { get; set; }
    public DateTime UpdatedAt { get; set; }
}
