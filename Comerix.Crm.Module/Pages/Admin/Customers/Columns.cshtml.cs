using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// Which columns the Contacts list shows this user: chosen in the list's "Columns" menu (or on this page, without
/// script), remembered for them alone. Anyone who may see the list may choose its columns.
/// </summary>
[Authorize(Policy = CrmPermissions.ViewName)]
internal sealed class ColumnsModel(ContactListColumns columns) : ContactFilterPageModel
{
    /// <summary>The form's checkboxes' name.</summary>
    public const string FieldName = "columns";

    public IReadOnlyList<ListColumn> Available { get; private set; } = [];

    public IReadOnlyList<ListColumn> Chosen { get; private set; } = [];

    /// <summary>Set when a choice was refused; the form is shown again with it.</summary>
    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Available = await columns.AvailableAsync(TenantId, cancellationToken);
        Chosen = await columns.ChosenAsync(TenantId, Actor, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync([FromForm(Name = FieldName)] string[]? names, CancellationToken cancellationToken)
    {
        var wanted = (names ?? []).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal).ToList();
        if (await columns.SaveAsync(TenantId, Actor, wanted, cancellationToken) is { } problem)
        {
            Problem = problem;
            Available = await columns.AvailableAsync(TenantId, cancellationToken);
            Chosen = Available.Where(c => wanted.Contains(c.Name)).ToList();
            return Page();
        }
        StatusMessage = "Saved your columns. Everyone else keeps their own.";
        return RedirectToPage("/Admin/Customers/Index", FilterRoute());
    }
}
