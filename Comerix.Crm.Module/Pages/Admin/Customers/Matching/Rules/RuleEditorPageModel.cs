using Comerix.Crm.Matching.Rules;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers.Matching.Rules;

/// <summary>
/// What the create and edit pages share: the form, saving with errors next to their fields, and the test
/// panel, which runs the rule as it stands in the form (saved or not) against the sample.
/// </summary>
public abstract class RuleEditorPageModel(IdentityRuleStore store, IdentityRuleTester tester) : CrmAdminPageModel
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
            return Page();
        }
        StatusMessage = RuleId is null ? $"Rule \"{result.Rule.Name}\" created." : $"Rule \"{result.Rule.Name}\" saved.";
        return Redirect("~/admin/customers/matching/rules");
    }

    protected void OfferSample()
    {
        Input.Sample ??= RuleSamples.For(Input.Trigger, Input.EventType);
        Input.WithBlankRows();
    }
}
