using Comerix.Crm.Contacts.Fields;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// A contact's custom field values, edited in place in the profile's Fields card. Every value is checked by its field's
/// type; when one needs fixing nothing is saved, and the profile shows again with each problem beside its field and
/// what was typed still in the form.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class ContactFieldsModel(ContactProfileReader profiles, ContactFieldEditor editor) : ProfilePageModel(profiles)
{
    /// <summary>The form lists the keys it holds, so a many-of-list field with nothing ticked still clears its value.</summary>
    public const string KeysName = "fields";

    /// <summary>The name of a field's input: <c>field.{key}</c>.</summary>
    public static string InputName(string key) => "field." + key;

    public Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) => ShowProfileAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (await FindLiveContactAsync(id, cancellationToken) is not { } contact)
        {
            return NotFound();
        }
        var form = await Request.ReadFormAsync(cancellationToken);
        var input = form[KeysName].Where(k => !string.IsNullOrEmpty(k)).Distinct(StringComparer.Ordinal)
            .ToDictionary(k => k!, k => (IReadOnlyList<string?>)form[InputName(k!)].ToArray(), StringComparer.Ordinal);
        var problems = await editor.SaveAsync(TenantId, contact.Id, input, Actor, cancellationToken);
        if (problems.Count > 0)
        {
            Forms.FieldInput = input;
            Forms.FieldErrors = problems;
            return await ShowProfileAsync(contact, null, cancellationToken);
        }
        StatusMessage = "Saved the fields." + MergedMeanwhile(id, contact);
        return RedirectToPage("/Admin/Customers/Details", null, new { id = contact.Id }, "fields");
    }
}
