namespace Comerix.Crm.Contacts.Fields;

/// <summary>
/// A contact field as a column, wherever a column is named: the Contacts list's chosen columns, the CSV export's
/// header, an import's mapping. One spelling, "field:" and the key, so an export's header is a column an import
/// understands.
/// </summary>
internal static class ContactFieldColumn
{
    public const string Prefix = "field:";

    public static string Name(string key) => Prefix + key;

    /// <summary>The field key a column name stands for; null for other columns.</summary>
    public static string? KeyOf(string? column) =>
        column is not null && column.StartsWith(Prefix, StringComparison.Ordinal) && column.Length > Prefix.Length ? column[Prefix.Length..] : null;
}
