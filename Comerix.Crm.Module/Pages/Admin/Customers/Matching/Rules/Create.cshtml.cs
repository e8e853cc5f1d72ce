using Comerix.Crm.Matching.Rules;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;

namespace Comerix.Crm.Pages.Admin.Customers.Matching.Rules;

[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class CreateModel(IdentityRuleStore store, IdentityRuleTester tester) : RuleEditorPageModel(store, tester)
{
    protected override long? RuleId => null;

    public void OnGet(string? trigger)
    {
        if (RuleTriggers.IsKnown(trigger))
        {
            Input.Trigger = trigger!;
        }
        OfferSample();
    }
}
