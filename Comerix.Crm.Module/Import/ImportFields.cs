using System.Text;

namespace Comerix.Crm.Import;

/// <summary>What a CSV column can become on the contact, and the guess made from its header.</summary>
internal static class ImportFields
{
    public const string Ignore = "";
    public const string Name = "name";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Company = "company";
    public const string CustomerId = "customer_id";
    public const string ExternalRef = "external_ref";
    /// <summary>A free-form trait named after the column header (descriptive only, never used to match).</summary>
    public const string Trait = "trait";
    /// <summary>Tags, several to a cell separated by ";" or ",".</summary>
    public const string Tags = "tags";
    /// <summary>Do not contact: a reason code, or yes/no (yes means unsubscribed).</summary>
    public const string DoNotContact = "do_not_contact";
    /// <summary>A lifecycle stage, by its name or key ("none" clears it).</summary>
    public const string Stage = "stage";
    /// <summary>The owner: the email of a user who can view customers ("none" releases the contact).</summary>
    public const string Owner = "owner";

    /// <summary>The import report's own columns, before the file's: left out when the report is imported again.</summary>
    public const string ReportRowColumn = "import_row";
    public const string ReportProblemColumn = "import_problem";

    public static IReadOnlyList<(string Value, string Label)> Choices { get; } =
    [
        (Ignore, "Don't import"),
        (Name, "Name"),
        (Email, "Email"),
        (Phone, "Phone"),
        (Company, "Company"),
        (CustomerId, "Customer id (verified)"),
        (ExternalRef, "External reference (namespace:value)"),
        (Trait, "Trait (named after the column)"),
        (Tags, "Tags (separated by ; or ,)"),
        (DoNotContact, "Do not contact (yes/no, or a reason)"),
        (Stage, "Lifecycle stage"),
        (Owner, "Owner (a user's email)"),
    ];

    /// <summary>
    /// A standard choice, or a contact field's mapping ("field:" and its key, the CSV export's column name for it).
    /// Whether the field still exists is checked row by row when the file is read, against the fields of that moment.
    /// </summary>
    public static bool IsKnown(string? field) =>
        Choices.Any(c => c.Value == (field ?? "")) || (Contacts.Fields.ContactFieldColumn.KeyOf(field) is { } key && key.Length <= Contacts.Fields.CustomFieldDefinitions.MaxKeyLength);

    /// <summary>
    /// A first mapping from the header, which the user then corrects: a contact field's key or label (or its export
    /// column, "field:key") becomes that field; unknown columns become traits.
    /// </summary>
    public static string Guess(string header, IReadOnlyList<Contacts.CustomField> fields)
    {
        var squashed = Squash(Contacts.Fields.ContactFieldColumn.KeyOf(header.Trim()) ?? header);
        if (fields.FirstOrDefault(f => Squash(f.Key) == squashed || Squash(f.Label) == squashed) is { } field)
        {
            return Contacts.Fields.ContactFieldColumn.Name(field.Key);
        }
        return Guess(header);
    }

    /// <summary>A first mapping from the header among the standard columns: unknown columns become traits.</summary>
    public static string Guess(string header)
    {
        var key = Squash(header);
        return key switch
        {
            "" => Ignore,
            "name" or "fullname" or "displayname" or "contact" or "contactname" or "customer" or "customername" or "person" => Name,
            "email" or "emailaddress" or "mail" or "emailid" => Email,
            "phone" or "phonenumber" or "mobile" or "mobilephone" or "cell" or "telephone" or "tel" or "mobilenumber" => Phone,
            "company" or "companyname" or "organisation" or "organization" or "org" or "account" or "business" => Company,
            "customerid" or "customerno" or "customernumber" or "clientid" or "userid" => CustomerId,
            "externalref" or "externalreference" or "externalid" => ExternalRef,
            "tags" or "tag" or "labels" or "label" => Tags,
            "donotcontact" or "dnc" or "unsubscribed" or "unsubscribe" or "optout" or "optedout" or "emailoptout" or "donotemail" => DoNotContact,
            "stage" or "lifecyclestage" or "lifecycle" or "leadstage" => Stage,
            "owner" or "owneremail" or "assignedto" or "accountowner" or "contactowner" => Owner,
            "id" or "importrow" or "importproblem" => Ignore,
            _ => Trait,
        };
    }

    /// <summary>The trait name a column's header gives: lower-case, words joined by '_' ("Favourite colour" → favourite_colour).</summary>
    public static string TraitName(string header)
    {
        var name = new StringBuilder();
        foreach (var c in header.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                name.Append(c);
            }
            else if (name.Length > 0 && name[^1] != '_')
            {
                name.Append('_');
            }
        }
        var result = name.ToString().Trim('_');
        return result.Length == 0 ? "column" : result[..Math.Min(result.Length, 100)];
    }

    private static string Squash(string header) =>
        new(header.Trim().ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
}
