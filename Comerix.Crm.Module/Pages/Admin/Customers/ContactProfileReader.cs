using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>Everything the profile page shows about one live contact, read in one place for every page that shows it.</summary>
internal sealed record ContactProfileView(
    ContactDetails Details, IReadOnlyList<ContactTag> Tags, DoNotContact? DoNotContact, IReadOnlyList<Contacts.Fields.ContactFieldShown> Fields,
    Contacts.Work.ContactWorkState Work, int PotentialDuplicates = 0);

internal sealed class ContactProfileReader(
    ContactDetailsReader reader, ContactTagger tagger, DoNotContactList doNotContact, Contacts.Fields.ContactFieldEditor fields,
    Contacts.Work.ContactWorkReader work, SiteTime siteTime, Data.CrmDbContext db)
{
    public ContactDetailsReader Contacts => reader;

    public async Task<ContactProfileView> ReadAsync(string tenantId, Contact contact, DateTime? before, CancellationToken cancellationToken) =>
        new(await reader.ReadAsync(contact, before, siteTime.Zone, cancellationToken),
            await tagger.ForContactAsync(tenantId, contact.Id, cancellationToken),
            await doNotContact.ForContactAsync(tenantId, contact.Id, cancellationToken),
            await fields.ForContactAsync(tenantId, contact.Id, cancellationToken),
            await work.ReadAsync(tenantId, contact.Id, cancellationToken),
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
                Crm.Matching.Duplicates.DuplicateSuggestions.OpenBetweenLive(db.InTenant(tenantId), contact.Id), cancellationToken));
}
