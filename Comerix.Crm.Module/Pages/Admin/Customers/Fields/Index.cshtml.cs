using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Fields;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Fields;

/// <summary>The team's own contact fields: the list, a form to add one, and deleting one (which asks first).</summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class IndexModel(CustomFieldDefinitions definitions) : CrmAdminPageModel
{
    private static readonly System.Text.Json.JsonSerializerOptions RecipeJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public IReadOnlyList<CustomField> Fields { get; private set; } = [];

    /// <summary>How many contacts hold a value of each field (what deleting it would delete).</summary>
    public IReadOnlyDictionary<string, int> ValueCounts { get; private set; } = new Dictionary<string, int>();

    [BindProperty]
    public FieldForm Input { get; set; } = new();

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Fields = await definitions.ListAsync(TenantId, cancellationToken);
        ValueCounts = await definitions.ValueCountsAsync(TenantId, cancellationToken);
    }

    /// <summary>The fields as a recipe (the <c>contact-fields</c> step) that defines them on another site.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var recipe = new { name = "contact-fields", steps = new[] { ContactFieldsStep.Export(await definitions.ListAsync(TenantId, cancellationToken)) } };
        return File(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(recipe, RecipeJson), "application/json", "contact-fields.recipe.json");
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var problems = await definitions.CreateAsync(TenantId, Input.Draft(), Actor, cancellationToken);
        if (problems.Count > 0)
        {
            foreach (var (field, problem) in problems)
            {
                ModelState.AddModelError($"{nameof(Input)}.{field}", problem);
            }
            await LoadAsync(cancellationToken);
            return Page();
        }
        StatusMessage = $"Added the field \u201C{Input.Label?.Trim()}\u201D. It shows on every contact's profile.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? key, CancellationToken cancellationToken)
    {
        var field = await definitions.FindAsync(TenantId, key, cancellationToken);
        StatusMessage = field is not null && await definitions.DeleteAsync(TenantId, field.Key, Actor, cancellationToken)
            ? $"Deleted the field \u201C{field.Label}\u201D and every contact's value of it."
            : "That field was already gone.";
        return RedirectToPage();
    }
}
