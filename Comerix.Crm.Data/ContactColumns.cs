using Comerix.Crm.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Data;

/// <summary>
/// Columns of <c>crm_contacts</c> that are storage, not vocabulary: EF shadow properties the engine's
/// <see cref="Contact"/> does not carry, read in queries through these helpers.
/// </summary>
internal static class ContactColumns
{
    /// <summary>The shadow property for <c>do_not_contact</c>, kept by the marks' triggers.</summary>
    public const string MarkedDoNotContact = "MarkedDoNotContact";

    /// <summary>The contacts marked do not contact: a range of the partial index <c>ix_crm_contacts_do_not_contact</c>.</summary>
    public static IQueryable<Contact> MarkedDoNotContactOnly(this IQueryable<Contact> contacts) =>
        contacts.Where(c => EF.Property<bool>(c, MarkedDoNotContact));

    /// <summary>The shadow property for <c>stage</c>: the key of the contact's lifecycle stage, or null.</summary>
    public const string Stage = "Stage";

    /// <summary>The shadow property for <c>owner_name</c>: the site user (their sign-in name) who owns the contact, or null.</summary>
    public const string Owner = "Owner";

}
