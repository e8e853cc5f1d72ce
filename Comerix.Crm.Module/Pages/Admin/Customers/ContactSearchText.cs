namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>What the contact search box says it finds (the Contacts list and the merge page search alike: ContactDirectory).</summary>
internal static class ContactSearchText
{
    public const string Placeholder = "Search name, email, phone, company or any id";

    /// <summary>The whole rule, as the box's tooltip.</summary>
    public const string Hint = "Finds a contact whose name, email, phone or company contains the text, or who holds an email, phone, customer id, "
        + "external reference (shopify:1234, or just 1234), conversation id or visitor id starting with it.";
}
