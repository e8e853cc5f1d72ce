using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// Correcting a contact's identifiers (issue 20): detach one into a contact of its own or drop it, with a reason;
/// change an email or phone, saying whether the new one is verified. A choice that cannot be made shows here again
/// with the problem beside its form.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class IdentifiersModel(CrmDbContext db, ContactIdentifierEditor editor) : CrmAdminPageModel
{
    public Contacts.Contact? Contact { get; private set; }

    public IReadOnlyList<Identifier> Held { get; private set; } = [];

    /// <summary>The form that was refused ("detach:type:value" or "edit") and why.</summary>
    public (string Form, string Problem)? Refused { get; private set; }

    [BindProperty] public string? Type { get; set; }
    [BindProperty] public string? Value { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Into { get; set; }
    [BindProperty] public string? NewValue { get; set; }
    [BindProperty] public string? Verified { get; set; }

    public static string FormKey(Identifier identifier) => $"detach:{identifier.Type}:{identifier.Value}";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDetachAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var change = await editor.DetachAsync(TenantId, id, Type, Value, Into != "drop", Reason, Note, Actor, cancellationToken);
        if (change.Problem is not null)
        {
            Refused = ($"detach:{Type}:{Value}", change.Problem);
            return Page();
        }
        StatusMessage = change.NewContactId is { } created
            ? $"Detached: it is contact #{created} now, and events carrying it go there."
            : "Dropped: this contact no longer holds it.";
        return RedirectToPage("/Admin/Customers/Details", new { id });
    }

    public async Task<IActionResult> OnPostEditAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        bool? verified = Verified switch { "yes" => true, "no" => false, _ => null };
        var change = await editor.EditAsync(TenantId, id, Type, Value, NewValue, verified, Actor, cancellationToken);
        if (change.Problem is not null)
        {
            Refused = ("edit", change.Problem);
            return Page();
        }
        StatusMessage = (Type == IdentifierTypes.Email ? "Email address" : "Phone number") + " changed. The old one was dropped.";
        return RedirectToPage("/Admin/Customers/Details", new { id });
    }

    /// <summary>The live contact and what it holds; false when there is no such live contact.</summary>
    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        Contact = await db.InTenant(TenantId).Contacts.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == id && c.State == Contacts.ContactState.Live, cancellationToken);
        // Sorted here: an ORDER BY on type tempts SQLite into the identifiers' (tenant, type, value) key (ContactFootprint).
        Held = Contact is null ? [] : (await db.Identifiers.AsNoTracking().Where(i => i.ContactId == id).ToListAsync(cancellationToken))
            .OrderBy(i => i.Type, StringComparer.Ordinal).ThenBy(i => i.FirstSeen).ToList();
        return Contact is not null;
    }
}
