using Comerix.Crm.Contacts.Work;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// The lifecycle stages, in order: rename one (its contacts stay at it), move it earlier or later, add one at the
/// end, delete one nobody is at. A name that needs fixing shows here beside its form with what was typed kept.
/// </summary>
[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class StagesModel(LifecycleStages stages) : CrmAdminPageModel
{
    private static readonly System.Text.Json.JsonSerializerOptions RecipeJson = new() { WriteIndented = true };

    public IReadOnlyList<StageChoice> Stages { get; private set; } = [];

    /// <summary>How many live contacts are at each stage (by key).</summary>
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();

    [BindProperty(Name = "key")]
    public string? Key { get; set; }

    [BindProperty(Name = "label")]
    public string? Label { get; set; }

    /// <summary>The form that was refused (a stage's key, or "new") and why.</summary>
    public (string Form, string Problem)? Refused { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>The stages as a recipe (the <c>lifecycle-stages</c> step) that sets the same list on another site.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var recipe = new { name = "lifecycle-stages", steps = new[] { LifecycleStagesStep.Export(await stages.ListAsync(TenantId, cancellationToken)) } };
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(recipe, RecipeJson);
        return File(json, "application/json", "lifecycle-stages.recipe.json");
    }

    public Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken) =>
        ActAsync("new", () => stages.AddAsync(TenantId, Label, Actor, cancellationToken), $"Added the stage \u201C{Label?.Trim()}\u201D at the end.", cancellationToken);

    public Task<IActionResult> OnPostRenameAsync(CancellationToken cancellationToken) =>
        ActAsync(Key ?? "", () => stages.RenameAsync(TenantId, Key ?? "", Label, Actor, cancellationToken), "Renamed: its contacts are at it still.", cancellationToken);

    public Task<IActionResult> OnPostUpAsync(CancellationToken cancellationToken) =>
        ActAsync(Key ?? "", () => stages.MoveAsync(TenantId, Key ?? "", -1, Actor, cancellationToken), null, cancellationToken);

    public Task<IActionResult> OnPostDownAsync(CancellationToken cancellationToken) =>
        ActAsync(Key ?? "", () => stages.MoveAsync(TenantId, Key ?? "", +1, Actor, cancellationToken), null, cancellationToken);

    public Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken) =>
        ActAsync(Key ?? "", () => stages.DeleteAsync(TenantId, Key ?? "", Actor, cancellationToken), "Deleted the stage.", cancellationToken);

    private async Task<IActionResult> ActAsync(string form, Func<Task<string?>> act, string? done, CancellationToken cancellationToken)
    {
        if (await act() is { } problem)
        {
            Refused = (form, problem);
            await LoadAsync(cancellationToken);
            return Page();
        }
        StatusMessage = done;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Stages = await stages.ListAsync(TenantId, cancellationToken);
        Counts = await stages.CountsAsync(TenantId, cancellationToken);
    }

    /// <summary>The problem to show beside <paramref name="form"/>'s form, if it was the one refused.</summary>
    public string? ProblemOf(string form) => Refused is { } refused && refused.Form == form ? refused.Problem : null;
}
