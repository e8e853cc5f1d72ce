using Comerix.Crm.Audit;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Matching;
using Comerix.Crm.Matching.Duplicates;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Pages.Admin.Customers.Matching;

/// <summary>
/// Matching → Possible duplicates (issue 20): pairs the finder proposes though they share no identifier, strongest
/// first, each with its score and reasons; Merge (through the merge preview) or Not the same (remembered). Everyone who
/// may view contacts sees them; deciding, and choosing the traits that help, needs manage.
/// </summary>
[Authorize(Policy = CrmPermissions.ViewName)]
internal sealed class DuplicatesModel(CrmDbContext db, AuditLog audit, TimeProvider time, IAuthorizationService authorization) : CrmAdminPageModel
{
    private const int PageSize = 50;

    public sealed record Side(long Id, string Name, string? Email, string? Phone, string? Company);

    public sealed record Row(DuplicateSuggestion Suggestion, Side Low, Side High, IReadOnlyList<string> Reasons);

    /// <summary>Only this contact's suggestions (the profile's "1 potential duplicate" link).</summary>
    [BindProperty(SupportsGet = true)]
    public long? Contact { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int OpenCount { get; private set; }
    public IReadOnlyList<string> TraitKeys { get; private set; } = [];

    [BindProperty] public long Low { get; set; }
    [BindProperty] public long High { get; set; }
    [BindProperty] public string? Traits { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var open = DuplicateSuggestions.OpenBetweenLive(db, Contact);
        OpenCount = await open.CountAsync(cancellationToken);
        var page = await open.Take(PageSize).ToListAsync(cancellationToken);
        var ids = page.SelectMany(s => new[] { s.ContactLowId, s.ContactHighId }).Distinct().ToList();
        var sides = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new Side(c.Id, c.DisplayName ?? "", c.Email, c.Phone, c.Company)).ToDictionaryAsync(s => s.Id, cancellationToken);
        Side Named(long id) => sides[id] with { Name = Contacts.Directory.ContactNames.Display(sides[id].Name, sides[id].Email, sides[id].Phone, id) };
        Rows = page.Select(s => new Row(s, Named(s.ContactLowId), Named(s.ContactHighId), DuplicateSuggestions.Reasons(s))).ToList();
        TraitKeys = await DuplicateSuggestions.TraitKeysAsync(db, cancellationToken);
    }

    /// <summary>Not the same person: the pair is never proposed again.</summary>
    public async Task<IActionResult> OnPostDismissAsync(CancellationToken cancellationToken)
    {
        if (!await MayManageAsync())
        {
            return Forbid();
        }
        var dismissed = await db.DuplicateSuggestions
            .Where(s => s.ContactLowId == Low && s.ContactHighId == High && s.Status == DuplicateSuggestions.Open)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, DuplicateSuggestions.Dismissed)
                .SetProperty(s => s.DecidedAt, time.GetUtcNow().UtcDateTime)
                .SetProperty(s => s.DecidedBy, Actor), cancellationToken);
        if (dismissed == 1)
        {
            await audit.AppendAsync(TenantId, Actor, AuditActions.DuplicateDismissed, new { contactIds = new[] { Low, High } }, cancellationToken);
            StatusMessage = $"#{Low} and #{High} are not the same person: they will not be suggested again.";
        }
        return RedirectToPage(new { contact = Contact });
    }

    /// <summary>The traits that help find duplicates, one key a line (or separated by commas).</summary>
    public async Task<IActionResult> OnPostTraitsAsync(CancellationToken cancellationToken)
    {
        if (!await MayManageAsync())
        {
            return Forbid();
        }
        var keys = (Traits ?? "").Split(['\n', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            // Any key a contact's traits can hold (the engine takes keys up to this long) can be chosen.
            .Where(k => k.Length is > 0 and <= Ingestion.CrmEventValidator.MaxTraitKeyLength && !k.Any(char.IsControl)).Distinct(StringComparer.OrdinalIgnoreCase).Take(20).ToList();
        try
        {
            await SaveTraitKeysAsync(keys, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The tenant's first choice, saved by someone else at the same moment (the row's key is the tenant): saved
            // over it, as a save a moment later would be.
            db.ChangeTracker.Clear();
            await SaveTraitKeysAsync(keys, cancellationToken);
        }
        await audit.AppendAsync(TenantId, Actor, AuditActions.DuplicateTraitsChanged, new { traits = keys.Count }, cancellationToken);
        StatusMessage = keys.Count == 0 ? "No traits help find duplicates now." : $"Traits that help find duplicates: {string.Join(", ", keys)}. The next hourly pass uses them for everyone.";
        return RedirectToPage();
    }

    private async Task SaveTraitKeysAsync(List<string> keys, CancellationToken cancellationToken)
    {
        var settings = await db.DuplicateSettings.FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            db.DuplicateSettings.Add(settings = new DuplicateSettings { TenantId = TenantId, TraitKeys = "", UpdatedBy = Actor });
        }
        (settings.TraitKeys, settings.UpdatedAt, settings.UpdatedBy) = (string.Join('\n', keys), time.GetUtcNow().UtcDateTime, Actor);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<bool> MayManageAsync() => (await authorization.AuthorizeAsync(User, CrmPermissions.ManageName)).Succeeded;
}
