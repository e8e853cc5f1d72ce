using Comerix.Crm.Contacts.Fields;
using Comerix.Crm.Contacts.Work;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Segments;

/// <summary>
/// The team's segments: saved, edited, deleted (each an audit entry), and resolved for the list. A segment keeps its
/// conditions, never its members; a condition on a contact field deleted since, or a stage removed, is named when the
/// segment is opened, and the segment then matches nobody rather than more people than it says.
/// </summary>
internal sealed class ContactSegments(CrmDbContext db, CustomFieldDefinitions fields, LifecycleStages stages, TimeProvider time, Audit.AuditLog audit)
{
    public const int MaxNameLength = 60;
    public const int MaxPerTenant = 100;

    public Task<List<Segment>> ListAsync(string tenantId, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).Segments.AsNoTracking().OrderBy(s => s.NameKey).ToListAsync(cancellationToken);

    public Task<Segment?> FindAsync(string tenantId, long id, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    /// <summary>What a tenant's conditions can test now: the standard subjects and its contact fields.</summary>
    public async Task<IReadOnlyList<SegmentSubject>> SubjectsAsync(string tenantId, CancellationToken cancellationToken = default) =>
        SegmentSubjects.For(await fields.ListAsync(tenantId, cancellationToken));

    /// <summary>Checks a definition against the tenant's fields and stages as they are now.</summary>
    public async Task<(SegmentDefinition Definition, List<string> Problems)> CheckAsync(
        string tenantId, string? match, IReadOnlyList<SegmentCondition> conditions, CancellationToken cancellationToken = default)
    {
        var definition = SegmentDefinitionCheck.Check(match, conditions, await SubjectsAsync(tenantId, cancellationToken),
            await stages.ListAsync(tenantId, cancellationToken), out var problems);
        return (definition, problems);
    }

    /// <summary>
    /// The segment ready for the list, or its problems: none when it is not there; a condition that no longer checks
    /// (its field deleted) makes the segment unusable until it is edited.
    /// </summary>
    public async Task<(ResolvedSegment? Segment, string? Problem)> ResolveAsync(string tenantId, string? idText, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(idText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            || await FindAsync(tenantId, id, cancellationToken) is not { } segment)
        {
            return (null, $"segment '{Shorten(idText ?? "")}' does not exist (deleted?); choose one from the Segments page");
        }
        // The stages are read once: for the check, and for "at or after" in the query.
        var all = await stages.ListAsync(tenantId, cancellationToken);
        var definition = SegmentDefinitionCheck.Check(segment.Match, SegmentCondition.FromJson(segment.ConditionsJson),
            await SubjectsAsync(tenantId, cancellationToken), all, out var problems);
        return problems.Count > 0
            ? (null, $"segment \u201C{segment.Name}\u201D no longer holds together ({string.Join(" ", problems)}); edit it")
            : (new ResolvedSegment(segment.Id, segment.Name, definition, all), null);
    }

    /// <summary>The name as typed, tidied; null and a reason when it cannot be one.</summary>
    public static string? TidyName(string? raw, out string? problem)
    {
        var name = string.Join(' ', (raw ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        problem = name.Length switch
        {
            0 => "Name the segment first.",
            > MaxNameLength => $"A segment's name holds at most {MaxNameLength} characters.",
            _ => name.Any(char.IsControl) || Text.StorableText.Problem(name) is not null ? "A segment's name is one line of plain text." : null,
        };
        return problem is null ? name : null;
    }

    /// <summary>Creates a segment (<paramref name="id"/> null) or replaces one's name and conditions. Returns its id, or the problems.</summary>
    public async Task<(long? Id, List<string> Problems)> SaveAsync(
        string tenantId, long? id, string? rawName, string? match, IReadOnlyList<SegmentCondition> conditions, string actor, CancellationToken cancellationToken = default)
    {
        var (definition, problems) = await CheckAsync(tenantId, match, conditions, cancellationToken);
        var name = TidyName(rawName, out var nameProblem);
        if (name is null || problems.Count > 0)
        {
            return (null, name is null ? [nameProblem!, .. problems] : problems);
        }
        var existing = await ListAsync(tenantId, cancellationToken);
        var key = name.ToLowerInvariant();
        if (existing.FirstOrDefault(s => s.NameKey == key && s.Id != id) is { } sameName)
        {
            return (null, [$"A segment named \u201C{sameName.Name}\u201D exists already."]);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var json = SegmentCondition.ToJson(definition.Conditions);
        if (id is { } editing)
        {
            var changed = await db.Segments.Where(s => s.Id == editing).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Name, name).SetProperty(s => s.NameKey, key).SetProperty(s => s.Match, definition.Match)
                .SetProperty(s => s.ConditionsJson, json).SetProperty(s => s.UpdatedAt, now).SetProperty(s => s.UpdatedBy, actor), cancellationToken);
            if (changed == 0)
            {
                return (null, ["This segment was deleted meanwhile."]);
            }
        }
        else
        {
            if (existing.Count >= MaxPerTenant)
            {
                return (null, [$"A site keeps at most {MaxPerTenant} segments. Delete one first."]);
            }
            id = existing.Count == 0 ? 1 : existing.Max(s => s.Id) + 1;
            db.Segments.Add(new Segment
            {
                TenantId = tenantId, Id = id.Value, Name = name, NameKey = key, Match = definition.Match, ConditionsJson = json,
                CreatedAt = now, CreatedBy = actor, UpdatedAt = now, UpdatedBy = actor,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The keys decided: someone saved a segment of that name (or took that number) a moment ago.
                db.ChangeTracker.Clear();
                return (null, ["Someone else saved a segment a moment ago (of this name, or just before you). Save again."]);
            }
        }
        await audit.AppendAsync(tenantId, actor, Audit.AuditActions.SegmentSaved, AuditFacts(id.Value, definition), cancellationToken);
        return (id, []);
    }

    public async Task<bool> DeleteAsync(string tenantId, long id, string actor, CancellationToken cancellationToken = default)
    {
        db.RequireTenant(tenantId);
        if (await db.Segments.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return false;
        }
        await audit.AppendAsync(tenantId, actor, Audit.AuditActions.SegmentDeleted, new { segment = id }, cancellationToken);
        return true;
    }

    /// <summary>What the audit keeps: which subjects and tests, never the values (a value may be a person's address).</summary>
    private static object AuditFacts(long id, SegmentDefinition definition) => new
    {
        segment = id,
        match = definition.Match,
        conditions = definition.Conditions.Select(c => $"{c.Subject} {c.Test}").ToList(),
    };

    private static string Shorten(string value) => SegmentDefinitionCheck.Shorten(value);
}
