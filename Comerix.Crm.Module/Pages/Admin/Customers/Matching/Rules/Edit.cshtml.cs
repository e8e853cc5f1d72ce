using Comerix.Crm.Matching.Rules;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Comerix.Crm.Pages.Admin.Customers.Matching.Rules;

[Authorize(Policy = CrmPermissions.ManageName)]
internal sealed class EditModel(IdentityRuleStore store, IdentityRuleTester tester) : RuleEditorPageModel(store, tester)
{
    private readonly IdentityRuleStore _store = store;

    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public IdentityRule? Rule { get; private set; }

    protected override long? RuleId => Id;

    public void OnGet()
    {
        Input = RuleForm.From(Rule!.ToDefinition());
        OfferSample();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (!await _store.DeleteAsync(TenantId, Id, Actor, cancellationToken))
        {
            return NotFound();
        }
        StatusMessage = $"Rule \"{Rule!.Name}\" deleted.";
        return RedirectToPage("/Admin/Customers/Matching/Rules/Index");
    }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        // Viewing, saving, testing or deleting a rule that does not exist (any more) is a 404.
        Rule = await _store.FindAsync(TenantId, Id, HttpContext.RequestAborted);
        if (Rule is null)
        {
            context.Result = NotFound();
            return;
        }
        await base.OnPageHandlerExecutionAsync(context, next);
    }
}
