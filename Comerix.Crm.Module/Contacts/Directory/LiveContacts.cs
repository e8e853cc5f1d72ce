using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>The contacts a bulk action reaches, from the ids that were chosen (ticked, or matched by a filter).</summary>
internal static class LiveContacts
{
    private const int ChunkSize = 500;

    /// <summary>
    /// The chosen contacts that are live, each merged-away one replaced by its survivor (a row ticked before a merge
    /// means the person, who now lives on there), and how many were erased meanwhile.
    /// </summary>
    /// <param name="db">A context scoped to the tenant.</param>
    public static async Task<(List<long> Live, int Gone)> ResolveAsync(CrmDbContext db, IReadOnlyCollection<long> contactIds, CancellationToken cancellationToken)
    {
        var chosen = contactIds.Distinct().ToList();
        var live = new HashSet<long>();
        var found = 0;
        foreach (var chunk in chosen.Chunk(ChunkSize))
        {
            var rows = await db.Contacts.AsNoTracking().Where(c => chunk.Contains(c.Id))
                .Select(c => new { c.Id, c.State, c.MergedIntoId }).ToListAsync(cancellationToken);
            // Merge chains are collapsed when they form, so one step reaches the survivor.
            found += rows.Count;
            live.UnionWith(rows.Select(c => c.State == ContactState.Live ? c.Id : c.MergedIntoId ?? 0).Where(id => id != 0));
        }
        // Erasure deletes a contact with its tombstones: what is not found at all was erased.
        return (live.Order().ToList(), chosen.Count - found);
    }
}
