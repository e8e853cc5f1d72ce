using Comerix.Crm.Contacts.Bulk;
using Comerix.Crm.Contacts.Directory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// A page that acts on many contacts at once: the rows ticked on the Contacts list (posted straight from its bulk
/// bar), or everyone its filters match (a link opens this page, which says how many that is before anything changes,
/// and only its own form's exact "filter" scope reaches them).
/// </summary>
internal abstract class BulkActionPageModel(ContactDirectory directory) : ContactFilterPageModel
{
    public static class Scopes
    {
        /// <summary>The rows ticked on the list.</summary>
        public const string Ticked = "ticked";
        /// <summary>Everyone the list's filters match, every page.</summary>
        public const string Filter = "filter";
    }

    /// <summary>How the contacts were chosen; a post without it acts on the ticked rows, never on everyone.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Scope { get; set; }

    [BindProperty(Name = "ids")]
    public List<long> Ids { get; set; } = [];

    /// <summary>
    /// The run this page's forms start, chosen when it is shown: the page asks after its progress by this id while the
    /// POST works (bulk.js), and the POST reports under it.
    /// </summary>
    [BindProperty(Name = "run")]
    public string? Run { get; set; }

    /// <summary>How many contacts the action would reach.</summary>
    public int Reach { get; private set; }

    /// <summary>Why nothing can be done from this page as it was reached (nobody ticked, an unknown filter).</summary>
    public string? Blocker { get; private set; }

    public bool IsTicked => Scope == Scopes.Ticked;

    /// <summary>Who the action reaches, in words: "the 3 contacts you ticked", "all 1,204 contacts in this list: …".</summary>
    public string Who(string? tagLabel = null) => IsTicked
        ? Reach switch { 0 => "the contacts you tick on the list", 1 => "the 1 contact you ticked", _ => $"the {Reach:N0} contacts you ticked" }
        : (Reach == 1 ? "the 1 contact" : $"all {Reach:N0} contacts") + " in this list: " + ContactFilterWords.Describe(FilterQuery(), tagLabel);

    public bool NothingToDo => Blocker is not null || Reach == 0;

    /// <summary>A GET: only "everyone in this list" is reached by a link; ticked rows always arrive by POST.</summary>
    protected void ChooseFilterScope() => Scope = Scopes.Filter;

    /// <summary>
    /// For a POST: the contacts to act on (null, with <see cref="Blocker"/> set, when there are none to act on). Only
    /// the confirmation page's exact "filter" reaches everyone in the list; anything else acts on what was ticked.
    /// </summary>
    /// <param name="noneTicked">What to say when nobody was ticked.</param>
    protected async Task<IReadOnlyCollection<long>?> ChosenAsync(string noneTicked, CancellationToken cancellationToken)
    {
        Scope = Scope == Scopes.Filter ? Scopes.Filter : Scopes.Ticked;
        if (IsTicked && Ids.Count == 0)
        {
            Blocker = noneTicked;
            return null;
        }
        if (!IsTicked && FilterProblems.Count > 0)
        {
            return null;
        }
        return IsTicked ? Ids : await directory.IdsAsync(TenantId, FilterQuery(), cancellationToken);
    }

    /// <summary>How the contacts were chosen, as the audit entry keeps it.</summary>
    protected object ChosenBy => IsTicked ? new { ticked = Ids.Distinct().Count() } : FilterQuery().AuditFacts();

    /// <summary>
    /// Runs the action as a bulk run whose progress the page shows: started, reported by each slice, finished with the
    /// outcome. The work goes on if the browser leaves (only the site's shutdown stops it between slices): a person who
    /// closes the tab has still changed those contacts, and the list says so when they come back.
    /// </summary>
    /// <param name="action">What is done, in words ("Set stage to Customer").</param>
    /// <param name="work">The action; its outcome in words, or why nothing was done (the page again, with the problem).</param>
    protected async Task<IActionResult> RunAsync(string action, int total, Func<CancellationToken, Task<BulkOutcome>> work, Action<string> problem)
    {
        var progress = HttpContext.RequestServices.GetRequiredService<BulkRunProgress>();
        var lasting = HttpContext.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        await progress.StartAsync(TenantId, Run, Actor, action, total, lasting);
        BulkOutcome outcome;
        try
        {
            outcome = await work(lasting);
        }
        catch (Exception ex)
        {
            await progress.FinishAsync($"Stopped by an error ({ex.GetType().Name}). Those done stay done; run it again for the rest.", failed: true);
            throw;
        }
        if (outcome.Problem is { } refused)
        {
            await progress.FinishAsync(refused, failed: true);
            problem(refused);
            Run = BulkRunProgress.NewRunId();
            return await ShowAgainAsync(lasting);
        }
        await progress.FinishAsync(outcome.Message!);
        StatusMessage = outcome.Message;
        return RedirectToPage("/Admin/Customers/Index", FilterRoute());
    }

    /// <summary>The page again after a refusal (with its problem set).</summary>
    protected abstract Task<IActionResult> ShowAgainAsync(CancellationToken cancellationToken);

    /// <summary>How a run the page started is getting on: what, how many of how many, and how it ended.</summary>
    public async Task<IActionResult> OnGetProgressAsync(string? run, CancellationToken cancellationToken)
    {
        // Asked while the action's own post works: the list's status message it leaves must outlive these requests.
        TempData.Keep();
        var found = BulkRunProgress.IsRunId(run)
            ? await HttpContext.RequestServices.GetRequiredService<BulkRunProgress>().ReadAsync(TenantId, run!, cancellationToken)
            : null;
        return found is null
            ? new JsonResult(new { state = "unknown" })
            : new JsonResult(new { action = found.Action, done = found.Done, total = found.Total, state = found.State, message = found.Message });
    }

    /// <summary>Counts the reach and names what blocks the action, for showing the page.</summary>
    /// <param name="action">The action in words, for the blocker ("tagged", "changed").</param>
    protected async Task PrepareAsync(string action, CancellationToken cancellationToken)
    {
        Blocker ??= !IsTicked && FilterProblems.Count > 0
            ? $"This link asks for a filter the list does not know ({string.Join("; ", FilterProblems)}), so nobody is {action} from it."
            : null;
        Reach = IsTicked ? Ids.Distinct().Count() : await directory.CountAsync(TenantId, FilterQuery(), cancellationToken);
        Run = BulkRunProgress.IsRunId(Run) ? Run : BulkRunProgress.NewRunId();
    }
}

/// <summary>A bulk action's outcome: the words the list shows afterwards, or why nothing was done.</summary>
internal sealed record BulkOutcome(string? Message, string? Problem = null)
{
    public static BulkOutcome Refused(string problem) => new(null, problem);
}
