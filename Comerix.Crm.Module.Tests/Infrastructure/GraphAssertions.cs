using Comerix.Crm.Contacts;
using Comerix.Crm.Identity;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Tests.Infrastructure;

/// <summary>Reads the resulting graph the way an admin would see it: contacts and the identifiers each one holds.</summary>
public static class GraphAssertions
{
    public static async Task<List<Contact>> LiveContactsAsync(this TestDatabase db, string tenant = "Default") =>
        await db.QueryAsync(ctx => ctx.Contacts.AsNoTracking()
            .Where(c => c.TenantId == tenant && c.State == ContactState.Live).OrderBy(c => c.Id).ToListAsync());

    public static async Task<Contact> ContactAsync(this TestDatabase db, long id, string tenant = "Default") =>
        await db.QueryAsync(ctx => ctx.Contacts.AsNoTracking().SingleAsync(c => c.TenantId == tenant && c.Id == id));

    public static async Task<List<Identifier>> IdentifiersOfAsync(this TestDatabase db, long contactId, string tenant = "Default") =>
        await db.QueryAsync(ctx => ctx.Identifiers.AsNoTracking()
            .Where(i => i.TenantId == tenant && i.ContactId == contactId).OrderBy(i => i.Type).ThenBy(i => i.Value).ToListAsync());

    /// <summary>Identifier values grouped by the live contact holding them, as sorted "type:value" sets.</summary>
    public static async Task<List<SortedSet<string>>> GroupingAsync(this TestDatabase db, string tenant = "Default")
    {
        var rows = await db.QueryAsync(ctx => ctx.Identifiers.AsNoTracking().Where(i => i.TenantId == tenant)
            .Select(i => new { i.ContactId, Key = i.Type + ":" + i.Value }).ToListAsync());
        return rows.GroupBy(r => r.ContactId)
            .Select(g => new SortedSet<string>(g.Select(r => r.Key), StringComparer.Ordinal))
            .OrderBy(s => s.Min, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A fingerprint of everything the engine writes, to prove a replay changed nothing.</summary>
    public static async Task<string> SnapshotAsync(this TestDatabase db, string tenant = "Default") =>
        await db.QueryAsync(async ctx =>
        {
            var contacts = await ctx.Contacts.AsNoTracking().Where(c => c.TenantId == tenant).OrderBy(c => c.Id)
                .Select(c => $"{c.Id}|{c.State}|{c.MergedIntoId}|{c.DisplayName}|{c.Email}|{c.Phone}|{c.IsIdentified}|{c.FirstSeen:O}|{c.LastSeen:O}|{c.TraitsJson}|{c.UpdatedAt:O}")
                .ToListAsync();
            var identifiers = await ctx.Identifiers.AsNoTracking().Where(i => i.TenantId == tenant).OrderBy(i => i.Type).ThenBy(i => i.Value)
                .Select(i => $"{i.Type}:{i.Value}>{i.ContactId}|{i.Verified}").ToListAsync();
            var activities = await ctx.Activities.AsNoTracking().Where(a => a.TenantId == tenant).OrderBy(a => a.Id)
                .Select(a => $"{a.Id}|{a.EventId}|{a.ContactId}").ToListAsync();
            var reviews = await ctx.MergeReviews.AsNoTracking().Where(r => r.TenantId == tenant).OrderBy(r => r.Id)
                .Select(r => $"{r.ContactLowId}-{r.ContactHighId}|{r.Status}").ToListAsync();
            return string.Join("\n", contacts.Concat(identifiers).Concat(activities).Concat(reviews));
        });
}
