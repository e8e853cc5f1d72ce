using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Audit;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Admin;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>Adding a customer by hand and editing a profile. Both go through the engine's transactions.</summary>
internal sealed class ContactEditor(CrmDbContext db, IdentityEngine engine, AdminTransactions transactions, IdentityResolutionOptions options, TimeProvider time, AuditLog audit)
{
    public sealed record CreateResult(long? ContactId, IReadOnlyList<FieldError> Errors);

    /// <summary>
    /// Creates an identified contact. An email or phone that already belongs to someone is an error shown on its
    /// field (with who holds it): adding a person twice is what this directory exists to prevent.
    /// </summary>
    public async Task<CreateResult> CreateAsync(string tenantId, NewContactForm form, string actor, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        var claims = new List<IdentityClaim>();
        string? emailKey = null, phoneKey = null;
        if (!string.IsNullOrWhiteSpace(form.Email))
        {
            if (EmailNormalizer.TryNormalize(form.Email, out var display, out var key))
            {
                emailKey = key;
                claims.Add(new IdentityClaim(IdentifierTypes.Email, display, Verified: form.Verified));
            }
            else
            {
                errors.Add(new FieldError(nameof(form.Email), "Enter an email address like name@example.com."));
            }
        }
        if (!string.IsNullOrWhiteSpace(form.Phone))
        {
            var check = new PhoneNumberNormalizer(options.DefaultPhoneRegion).Check(form.Phone, out var e164);
            if (check == PhoneNumberCheck.Valid)
            {
                phoneKey = e164;
                claims.Add(new IdentityClaim(IdentifierTypes.Phone, e164, Verified: form.Verified));
            }
            else if (check == PhoneNumberCheck.PossibleButNotValid)
            {
                errors.Add(new FieldError(nameof(form.Phone),
                    "No phone number is in use in that range of its country's numbering plan: check the digits."));
            }
            else
            {
                errors.Add(new FieldError(nameof(form.Phone),
                    $"Enter a phone number with its country code (+44 20 7946 0958), or a {options.DefaultPhoneRegion} number."));
            }
        }
        if (errors.Count == 0 && claims.Count == 0)
        {
            errors.Add(new FieldError(nameof(form.Email), "Enter an email or a phone number: either makes the customer identified."));
        }
        await AddTakenErrorAsync(tenantId, IdentifierTypes.Email, emailKey, nameof(form.Email), errors, cancellationToken);
        await AddTakenErrorAsync(tenantId, IdentifierTypes.Phone, phoneKey, nameof(form.Phone), errors, cancellationToken);
        if (errors.Count > 0)
        {
            return new CreateResult(null, errors);
        }

        var traits = new Dictionary<string, string>();
        if (!string.IsNullOrWhiteSpace(form.Name))
        {
            traits["name"] = form.Name.Trim();
        }
        if (!string.IsNullOrWhiteSpace(form.Company))
        {
            traits["company"] = form.Company.Trim();
        }
        var result = await engine.IngestAsync(tenantId, new CrmEvent
        {
            Id = $"admin-create-{Guid.NewGuid():N}",
            Type = ActivityTypes.Note,
            Source = ContactSources.Manual,
            OccurredAt = time.GetUtcNow(),
            Claims = claims,
            Traits = traits,
            PayloadJson = JsonSerializer.Serialize(new { text = $"Added by {actor}" }),
        }, cancellationToken);
        return new CreateResult(result.ContactId, []);
    }

    /// <summary>
    /// Adds a note by <paramref name="actor"/> to the contact's timeline: an activity like any other, so it follows
    /// the person through merges and goes with them on erasure. False when the contact no longer exists.
    /// </summary>
    /// <param name="audited">False when the caller has written an audit entry of its own for what the note records.</param>
    public async Task<bool> AddNoteAsync(string tenantId, long contactId, string text, string actor, bool audited = true, CancellationToken cancellationToken = default)
    {
        try
        {
            var note = await engine.IngestAsync(tenantId, NoteEvent(contactId, text, actor), cancellationToken);
            // Who and on whom, never the text (the audit log holds no values written about a person).
            if (audited)
            {
                await audit.AppendAsync(tenantId, actor, AuditActions.NoteAdded, new { contactId = note.ContactId }, cancellationToken);
            }
            return true;
        }
        catch (CrmValidationException)
        {
            return false; // the contact was erased meanwhile
        }
    }

    /// <summary>A note by <paramref name="actor"/> on the contact's timeline, as an event for the engine.</summary>
    internal CrmEvent NoteEvent(long contactId, string text, string actor) => new()
    {
        Id = $"admin-note-{Guid.NewGuid():N}",
        Type = ActivityTypes.Note,
        Source = ContactSources.Manual,
        OccurredAt = time.GetUtcNow(),
        Claims = [],
        ContactId = contactId,
        PayloadJson = JsonSerializer.Serialize(new { text = text.Trim(), by = actor }),
    };

    /// <summary>Saves name and company. False when the contact is no longer live (merged or erased meanwhile).</summary>
    public async Task<bool> UpdateProfileAsync(string tenantId, long contactId, ContactProfileForm form, string actor, CancellationToken cancellationToken = default)
    {
        try
        {
            return await transactions.RunAsync(tenantId, async uow =>
            {
                if (await uow.ResolveLiveContactIdAsync(contactId) != contactId)
                {
                    return false;
                }
                var contact = await uow.LoadLiveContactAsync(contactId);
                var changed = new List<string>();
                var name = Blank(form.Name);
                var company = Blank(form.Company);
                if (contact.DisplayName != name)
                {
                    contact.DisplayName = name;
                    changed.Add("name");
                }
                if (contact.Company != company)
                {
                    contact.Company = company;
                    changed.Add("company");
                }
                if (changed.Count > 0)
                {
                    contact.UpdatedAt = transactions.Now();
                    uow.MarkChanged(contact);
                    await uow.Audit.AppendAsync(actor, AuditActions.ContactUpdated, JsonSerializer.Serialize(new { contactId, fields = changed }));
                }
                return true;
            }, cancellationToken);
        }
        catch (ConcurrentChangeException)
        {
            return false;
        }
    }

    private async Task AddTakenErrorAsync(
        string tenantId, string type, string? key, string field, List<FieldError> errors, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return;
        }
        var holder = await db.InTenant(tenantId).Identifiers.AsNoTracking()
            .Where(i => i.Type == type && i.Value == key)
            .Join(db.Contacts, i => new { i.TenantId, Id = i.ContactId }, c => new { c.TenantId, c.Id }, (i, c) => c)
            .FirstOrDefaultAsync(cancellationToken);
        if (holder is not null)
        {
            errors.Add(new FieldError(field, $"This {type} already belongs to {ContactNames.Display(holder)} (#{holder.Id}).", holder.Id));
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
