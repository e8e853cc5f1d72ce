using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>The team's saved views of the Contacts list: named filters, one click away on the list.</summary>
internal sealed class ContactViews(CrmDbContext db, TimeProvider time, Audit.AuditLog audit)
{
    public const int MaxNameLength = 60;
    public const int MaxPerTenant = 30;

    public Task<List<SavedView>> ListAsync(string tenantId, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).SavedViews.AsNoTracking().OrderBy(v => v.Key).ToListAsync(cancellationToken);

    /// <summary>The name as typed, tidied (trimmed, inner runs of spaces made one); null and a reason when it cannot be one.</summary>
    public static string? TidyName(string? raw, out string? problem)
    {
        var name = string.Join(' ', (raw ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        problem = name.Length switch
        {
            0 => "Name the view first.",
            > MaxNameLength => $"A view's name holds at most {MaxNameLength} characters.",
            _ => name.Any(char.IsControl) ? "A view's name is one line of text." : null,
        };
        return problem is null ? name : null;
    }

    /// <summary>Saves the filters of <paramref name="query"/> (not its search text) as a view; returns why not when it cannot.</summary>
    public async Task<string?> SaveAsync(string tenantId, string? rawName, ContactListQuery query, string actor, CancellationToken cancellationToken = default)
    {
        if (TidyName(rawName, out var problem) is not { } name)
        {
            return problem;
        }
        if (query.Problems() is { Count: > 0 } unknown)
        {
            return $"These filters include one the list does not know ({string.Join("; ", unknown)}). Open the list again and choose from its menus.";
        }
        if (query.EffectiveSegment is not null)
        {
            return "A segment is saved already: open it from the Segments page. A view keeps the list's own filters.";
        }
        if (IsWholeList(query))
        {
            return "These are the list's own filters (identified contacts, nothing else): choose a source, tag, stage, owner, last-seen window or contact preference first.";
        }
        var existing = await ListAsync(tenantId, cancellationToken);
        var key = name.ToLowerInvariant();
        if (existing.FirstOrDefault(v => v.Key == key) is { } sameName)
        {
            return $"A view named \u201C{sameName.Name}\u201D exists already.";
        }
        if (existing.FirstOrDefault(v => Shows(v, query)) is { } sameFilters)
        {
            return $"The view \u201C{sameFilters.Name}\u201D shows these contacts already.";
        }
        if (existing.Count >= MaxPerTenant)
        {
            return $"A site keeps at most {MaxPerTenant} views. Delete one first.";
        }
        db.SavedViews.Add(new SavedView
        {
            TenantId = tenantId, Key = key, Name = name,
            Audience = query.EffectiveAudience, Source = query.EffectiveSource, Tag = query.EffectiveTag, Seen = query.EffectiveSeen?.Value,
            Contactable = query.ContactableValue, Stage = query.EffectiveStage, Owner = query.EffectiveOwner, CreatedAt = time.GetUtcNow().UtcDateTime, CreatedBy = actor,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The primary key decided: someone saved a view of that name a moment ago.
            db.ChangeTracker.Clear();
            return $"A view named \u201C{name}\u201D was saved by someone else a moment ago. Choose another name.";
        }
        await audit.AppendAsync(tenantId, actor, Audit.AuditActions.ViewSaved, query.AuditFacts(), cancellationToken);
        return null;
    }

    /// <summary>True when a view was deleted.</summary>
    public async Task<bool> DeleteAsync(string tenantId, string key, string actor, CancellationToken cancellationToken = default)
    {
        var view = await db.InTenant(tenantId).SavedViews.AsNoTracking().FirstOrDefaultAsync(v => v.Key == key, cancellationToken);
        if (view is null || await db.SavedViews.Where(v => v.Key == key).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }
        await audit.AppendAsync(tenantId, actor, Audit.AuditActions.ViewDeleted, QueryOf(view).AuditFacts(), cancellationToken);
        return true;
    }

    /// <summary>The list query a view stands for.</summary>
    public static ContactListQuery QueryOf(SavedView view) =>
        new(view.Audience, Source: view.Source, Tag: view.Tag, Seen: view.Seen, Contactable: view.Contactable, Stage: view.Stage, Owner: view.Owner);

    /// <summary>The list's query string for a view.</summary>
    public static Dictionary<string, string?> RouteOf(SavedView view) => new()
    {
        ["audience"] = view.Audience,
        ["source"] = view.Source,
        ["tag"] = view.Tag,
        ["seen"] = view.Seen,
        ["contactable"] = view.Contactable,
        ["stage"] = view.Stage,
        ["owner"] = view.Owner,
    };

    /// <summary>True when the view's filters are the query's (its search text aside).</summary>
    public static bool Shows(SavedView view, ContactListQuery query) =>
        view.Audience == query.EffectiveAudience && view.Source == query.EffectiveSource
        && view.Tag == query.EffectiveTag && view.Seen == query.EffectiveSeen?.Value && view.Contactable == query.ContactableValue
        && view.Stage == query.EffectiveStage && view.Owner == query.EffectiveOwner && query.EffectiveSegment is null;

    /// <summary>The default list: a view of it would be a second "Contacts" link.</summary>
    public static bool IsWholeList(ContactListQuery query) =>
        query.EffectiveAudience == Audiences.Identified && query.EffectiveSource is null && query.EffectiveTag is null && query.EffectiveSeen is null
        && query.EffectiveContactable is null && query.EffectiveStage is null && query.EffectiveOwner is null && query.EffectiveSegment is null;
}
