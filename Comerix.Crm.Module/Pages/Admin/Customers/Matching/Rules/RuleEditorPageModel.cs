using Comerix.Crm.Matching.Rules;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Matching.Rules;

/// <summary>
/// What the create and edit pages share: the form, saving with errors next to their fields, and the test
/// panel, which runs the rule as it stands in the form (saved or not) against the sample.
/// </summary>
internal abstract class RuleEditorPageModel(IdentityRuleStore store, IdentityRuleTester tester) : CrmAdminPageModel
{
    [BindProperty]
    public RuleForm Input { get; set; } = new();

    public RuleTestResult? Test { get; private set; }

    protected abstract long? RuleId { get; }

    public async Task<IActionResult> OnPostTestAsync(CancellationToken cancellationToken)
    {
        Test = await tester.TestAsync(TenantId, Input.ToDefinition(), Input.Sample, cancellationToken);
        Input.WithBlankRows();
        return Page();
    }

    /// <summary>A test of a rule that has no task yet: it would extract nothing, whatever the sample.</summary>
    public bool TestedRuleDoesNothing => Test is not null && Input.ToDefinition().Tasks.Count == 0;

    /// <summary>"More rows": the form back with blank rows added under each mapping, nothing saved.</summary>
    public IActionResult OnPostRows()
    {
        ModelState.Clear();
        Input.WithMoreRows();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await store.SaveAsync(TenantId, RuleId, Input.ToDefinition(), Actor, cancellationToken);
        if (result.Rule is null)
        {
            foreach (var (field, message) in result.Errors)
            {
                ModelState.AddModelError(string.IsNullOrEmpty(field) ? "" : $"{nameof(Input)}.{field}", message);
            }
            Input.WithBlankRows();
            // Refused input: the form comes back with its errors and everything typed, as a 400.
            var page = Page();
            page.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
        StatusMessage = RuleId is null ? $"Rule \"{result.Rule.Name}\" created." : $"Rule \"{result.Rule.Name}\" saved.";
        return RedirectToPage("/Admin/Customers/Matching/Rules/Index");
    }

    protected void OfferSample()
    {
        Input.Sample ??= RuleSamples.For(Input.Trigger, Input.EventType);
        Input.WithBlankRows();
    }
}
