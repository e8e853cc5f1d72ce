using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Admin;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>
/// Corrects who holds an identifier (issue 20): <b>detach</b> one from a contact into a contact of its own (events
/// carrying it afterwards go there, because the graph now says so) or drop it (junk); <b>edit</b> an email or phone
/// (the new one added, the old one dropped, in one transaction, verified or not as the admin chooses). Each change is
/// one transaction with its timeline rows, and an audit entry naming who, the contact and the identifier's type, never
/// its value. The engine does the creating and attaching, so counts, search and notifications follow as for any event.
/// </summary>
internal sealed class ContactIdentifierEditor(
    CrmDbContext db, AdminTransactions transactions, IdentityResolutionOptions resolution, Audit.AuditLog audit, TimeProvider time)
{
    public const int MaxNoteLength = 500;

    /// <summary>Why an identifier is detached: the code the audit log keeps, the words the timeline shows.</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> Reasons =
    [
        ("someone-else", "It belongs to someone else"),
        ("shared", "It is shared (a family, an office, a front desk)"),
        ("mistake", "It was typed wrong or is junk"),
        ("other", "Another reason"),
    ];

    public static string? ReasonLabel(string? code) => Reasons.FirstOrDefault(r => r.Code == code).Label;

    /// <summary>Detaches the identifier: into a new contact (<paramref name="ownContact"/>) or dropped.</summary>
    public async Task<IdentifierChange> DetachAsync(
        string tenantId, long contactId, string? type, string? value, bool ownContact, string? reason, string? note, string actor, CancellationToken cancellationToken)
    {
        if (ReasonLabel(reason) is not { } reasonLabel)
        {
            return IdentifierChange.Refused("Choose why it is detached.");
        }
        if (NoteProblem(note) is { } noteProblem)
        {
            return IdentifierChange.Refused(noteProblem);
        }
        var held = await HeldAsync(tenantId, contactId, cancellationToken);
        if (held.FirstOrDefault(i => i.Type == type && i.Value == value) is not { } target)
        {
            return IdentifierChange.Refused("This contact no longer holds that identifier (detached or merged meanwhile). Nothing was changed.");
        }
        var words = $"{Noun(target.Type)} was {(ownContact ? "detached into a contact of its own" : "dropped")} by {actor}: {reasonLabel}."
            + (string.IsNullOrWhiteSpace(note) ? "" : " " + note.Trim());
        long? newContact = null;
        try
        {
            if (ownContact)
            {
                var created = await transactions.ChangeWithEventResultAsync(tenantId, uow => RemoveAsync(uow, contactId, target, held, words, actor),
                    DetachedEvent(contactId, target, reasonLabel, note, actor), cancellationToken);
                if (created is null)
                {
                    return IdentifierChange.Refused("This contact no longer holds that identifier (detached or merged meanwhile). Nothing was changed.");
                }
                newContact = created.ContactId;
            }
            else if (!await transactions.RunAsync(tenantId, uow => RemoveAsync(uow, contactId, target, held, words, actor), cancellationToken))
            {
                return IdentifierChange.Refused("This contact no longer holds that identifier (detached or merged meanwhile). Nothing was changed.");
            }
        }
        catch (CrmValidationException)
        {
            return IdentifierChange.Refused("This contact was erased meanwhile.");
        }
        await audit.AppendAsync(tenantId, actor, Audit.AuditActions.IdentifierDetached,
            new { contactId, type = target.Type, into = ownContact ? "own-contact" : "dropped", newContactId = newContact, reason }, cancellationToken);
        return new IdentifierChange(null, newContact);
    }

    /// <summary>Replaces an email or phone with a new one, verified or not as chosen; the old one is dropped.</summary>
    public async Task<IdentifierChange> EditAsync(
        string tenantId, long contactId, string? type, string? oldValue, string? newValue, bool? verified, string actor, CancellationToken cancellationToken)
    {
        if (type is not (IdentifierTypes.Email or IdentifierTypes.Phone))
        {
            return IdentifierChange.Refused("Only an email or a phone number is edited here; detach other identifiers instead.");
        }
        if (verified is null)
        {
            return IdentifierChange.Refused("Say whether the new one is verified (the person has shown it is theirs) or not.");
        }
        var normalizer = new IdentifierNormalizer(resolution.DefaultPhoneRegion, resolution.ExtraJunkValues);
        if (string.IsNullOrWhiteSpace(newValue) || newValue.Length > 320 || Text.StorableText.Problem(newValue) is not null
            || !normalizer.TryNormalize(new IdentityClaim(type, newValue, verified.Value), out var claim, out _))
        {
            return IdentifierChange.Refused(type == IdentifierTypes.Email ? "That is not an email address." : "That is not a phone number this site can read.");
        }
        var held = await HeldAsync(tenantId, contactId, cancellationToken);
        if (held.FirstOrDefault(i => i.Type == type && i.Value == oldValue) is not { } target)
        {
            return IdentifierChange.Refused("This contact no longer holds that identifier (detached or merged meanwhile). Nothing was changed.");
        }
        if (claim.Value == target.Value)
        {
            return IdentifierChange.Refused($"That is the same {(type == IdentifierTypes.Email ? "email address" : "phone number")} (written the same way once stored).");
        }
        var owner = await db.InTenant(tenantId).Identifiers.AsNoTracking()
            .Where(i => i.Type == claim.Type && i.Value == claim.Value).Select(i => (long?)i.ContactId).FirstOrDefaultAsync(cancellationToken);
        if (owner is { } other)
        {
            return IdentifierChange.Refused(other == contactId
                ? "This contact holds that one already: detach the old one instead."
                : $"Contact #{other} holds that one. If they are the same person, merge them; otherwise detach it from #{other} first.");
        }
        var words = $"{Noun(type)} changed by {actor} (the new one {(verified.Value ? "verified" : "not verified")}).";
        var evt = new CrmEvent
        {
            Id = $"identifier-edit-{Guid.NewGuid():N}",
            Type = ActivityTypes.Note,
            Source = ContactSources.Manual,
            OccurredAt = time.GetUtcNow(),
            ContactId = contactId,
            Claims = [new IdentityClaim(type, newValue.Trim(), verified.Value)],
            PayloadJson = JsonSerializer.Serialize(new { text = words, by = actor }),
        };
        try
        {
            // The old one goes in the same transaction, with no row of its own: the event's note says what changed.
            if (await transactions.ChangeWithEventResultAsync(tenantId, uow => RemoveAsync(uow, contactId, target, held, null, actor), evt, cancellationToken) is null)
            {
                return IdentifierChange.Refused("This contact no longer holds that identifier (detached or merged meanwhile). Nothing was changed.");
            }
        }
        catch (CrmValidationException)
        {
            return IdentifierChange.Refused("This contact was erased meanwhile.");
        }
        await audit.AppendAsync(tenantId, actor, Audit.AuditActions.IdentifierEdited, new { contactId, type, verified }, cancellationToken);
        return new IdentifierChange(null, null);
    }

    private Task<List<Identifier>> HeldAsync(string tenantId, long contactId, CancellationToken cancellationToken) =>
        db.InTenant(tenantId).Identifiers.AsNoTracking().Where(i => i.ContactId == contactId).ToListAsync(cancellationToken);

    /// <summary>
    /// Takes the identifier off the contact (if it still holds it, in this transaction), shows the next one of its
    /// kind on the profile, and writes <paramref name="words"/> on the contact's timeline. False when it no longer holds it.
    /// </summary>
    private async Task<bool> RemoveAsync(IAdminUnitOfWork uow, long contactId, Identifier target, List<Identifier> held, string? words, string actor)
    {
        var hit = await uow.FindIdentifierAsync(target.Type, target.Value);
        if (hit is null || hit.ContactId != contactId || await uow.ResolveLiveContactIdAsync(contactId) != contactId)
        {
            return false;
        }
        var contact = await uow.LoadLiveContactAsync(contactId);
        await uow.RemoveIdentifierAsync(target.Type, target.Value);
        var rest = held.Where(i => i != target).OrderBy(i => i.FirstSeen).ToList();
        if (target.Type == IdentifierTypes.Email && contact.Email == target.DisplayValue)
        {
            contact.Email = rest.FirstOrDefault(i => i.Type == IdentifierTypes.Email)?.DisplayValue;
        }
        if (target.Type == IdentifierTypes.Phone && (contact.Phone == target.DisplayValue || contact.Phone == target.Value))
        {
            contact.Phone = rest.FirstOrDefault(i => i.Type == IdentifierTypes.Phone)?.DisplayValue;
        }
        contact.IsIdentified = contact.Email is not null || contact.Phone is not null;
        contact.UpdatedAt = time.GetUtcNow().UtcDateTime;
        uow.MarkChanged(contact);
        if (words is not null)
        {
            var now = time.GetUtcNow().UtcDateTime;
            await uow.InsertActivityAsync(new ActivityDraft($"identifier-detach-{Guid.NewGuid():N}", contactId, ActivityTypes.Note, ContactSources.Manual,
                now, now, null, null, null, null, JsonSerializer.Serialize(new { text = words, by = actor })));
        }
        return true;
    }

    /// <summary>The event the engine resolves to a contact of its own: the identifier, as verified as it was.</summary>
    private CrmEvent DetachedEvent(long fromContact, Identifier target, string reasonLabel, string? note, string actor) => new()
    {
        Id = $"identifier-detach-{Guid.NewGuid():N}",
        Type = ActivityTypes.Note,
        Source = ContactSources.Manual,
        OccurredAt = time.GetUtcNow(),
        Claims = [new IdentityClaim(target.Type, target.DisplayValue, target.Verified)],
        PayloadJson = JsonSerializer.Serialize(new
        {
            text = $"Detached from contact #{fromContact} by {actor}: {reasonLabel}." + (string.IsNullOrWhiteSpace(note) ? "" : " " + note.Trim()),
            by = actor,
        }),
    };

    private static string? NoteProblem(string? note) =>
        note is null ? null
        : note.Length > MaxNoteLength ? $"The note holds at most {MaxNoteLength} characters."
        : Text.StorableText.Problem(note) is { } problem ? $"The note {problem}." : null;

    private static string Noun(string type) => type switch
    {
        IdentifierTypes.Email => "An email address",
        IdentifierTypes.Phone => "A phone number",
        IdentifierTypes.CustomerId => "A customer id",
        IdentifierTypes.ExternalRef => "An external reference",
        IdentifierTypes.ConversationId => "A conversation id",
        IdentifierTypes.VisitorId => "A visitor id",
        _ => "An identifier",
    };
}

/// <param name="Problem">Why nothing was changed; null when the change was made.</param>
/// <param name="NewContactId">The contact an identifier was detached into.</param>
internal sealed record IdentifierChange(string? Problem, long? NewContactId)
{
    public static IdentifierChange Refused(string problem) => new(problem, null);
}
