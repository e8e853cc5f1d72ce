using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Matching;

/// <summary>The merge-review queue as Matching shows it: each pair with both contacts named.</summary>
internal sealed class MergeReviewQueue(CrmDbContext db)
{
    public const int PageSize = 50;

    public sealed record Side(long Id, string Name, string? Email, string? Phone, string Source, bool IsIdentified, bool IsLive);

    public sealed record Row(MergeReviewItem Item, Side Primary, Side Other);

    public Task<MergeReviewItem?> FindAsync(string tenantId, long id, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).MergeReviews.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);

    public Task<int> CountPendingAsync(string tenantId, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).MergeReviews.CountAsync(r => r.Status == MergeReviewStatus.Pending, cancellationToken);

    public async Task<IReadOnlyList<Row>> ListAsync(string tenantId, MergeReviewStatus status, CancellationToken cancellationToken = default)
    {
        var items = await db.InTenant(tenantId).MergeReviews.AsNoTracking()
            .Where(r => r.Status == status)
            .OrderByDescending(r => status == MergeReviewStatus.Pending ? r.CreatedAt : r.DecidedAt)
            .Take(PageSize)
            .ToListAsync(cancellationToken);
        var ids = items.SelectMany(i => new[] { i.ContactLowId, i.ContactHighId }).Distinct().ToList();
        var contacts = await db.Contacts.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        return items.Select(i =>
        {
            var otherId = i.PrimaryContactId == i.ContactLowId ? i.ContactHighId : i.ContactLowId;
            return new Row(i, SideOf(contacts, i.PrimaryContactId), SideOf(contacts, otherId));
        }).ToList();
    }

    private static Side SideOf(Dictionary<long, Contact> contacts, long id) =>
        contacts.TryGetValue(id, out var c)
            ? new Side(id, ContactNames.Display(c), c.Email, c.Phone, c.Source, c.IsIdentified, c.State == ContactState.Live)
            : new Side(id, $"Contact #{id} (erased)", null, null, "", false, false);
}
