using System.Text.RegularExpressions;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Work;

/// <summary>
/// The tenant's ordered list of lifecycle stages, edited at /admin/customers/stages. A tenant that never changed it
/// has the defaults; the first change writes the whole list out. A stage contacts are at cannot be deleted (they
/// would silently lose it): the page says how many and links to them.
/// </summary>
internal sealed partial class LifecycleStages(CrmDbContext db, Audit.AuditLog audit)
{
    public const int MaxPerTenant = 30;
    public const int MaxLabelLength = 40;

    public static IReadOnlyList<(string Key, string Label)> Defaults { get; } =
    [
        ("subscriber", "Subscriber"), ("lead", "Lead"), ("qualified", "Qualified"), ("opportunity", "Opportunity"),
        ("customer", "Customer"), ("evangelist", "Evangelist"), ("other", "Other"),
    ];

    /// <summary>The stage a conversion moves a contact to (the rule task's default).</summary>
    public const string CustomerKey = "customer";

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotKeyCharacters();

    public async Task<IReadOnlyList<StageChoice>> ListAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var stored = await db.InTenant(tenantId).LifecycleStages.AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Key)
            .Select(s => new StageChoice(s.Key, s.Label)).ToListAsync(cancellationToken);
        return stored.Count > 0 ? stored : Defaults.Select(d => new StageChoice(d.Key, d.Label)).ToList();
    }

    /// <summary>The stage a person or a file names: by key, or by label whatever its case. Null when none is called that.</summary>
    public static StageChoice? Find(IReadOnlyList<StageChoice> stages, string? named)
    {
        var text = named?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return stages.FirstOrDefault(s => s.Key == text) ?? stages.FirstOrDefault(s => string.Equals(s.Label, text, StringComparison.OrdinalIgnoreCase))
            ?? stages.FirstOrDefault(s => s.Key == KeyOf(text));
    }

    /// <summary>"Marketing qualified" → "marketing_qualified".</summary>
    public static string KeyOf(string label) => NotKeyCharacters().Replace(label.Trim().ToLowerInvariant(), "_").Trim('_');

    /// <summary>How many live contacts are at each stage (keyed by stage key).</summary>
    public async Task<Dictionary<string, int>> CountsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        db.RequireTenant(tenantId);
        return await db.Contacts.AsNoTracking()
            .Where(c => c.State == ContactState.Live && EF.Property<string?>(c, ContactColumns.Stage) != null)
            .GroupBy(c => EF.Property<string>(c, ContactColumns.Stage))
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    /// <summary>Adds a stage at the end; the problem in words, or null when it was added.</summary>
    public Task<string?> AddAsync(string tenantId, string? label, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(tenantId, actor, "added", stages =>
        {
            if (CheckLabel(label, out var tidy) is { } problem)
            {
                return problem;
            }
            var key = KeyOf(tidy);
            if (key.Length == 0 || !char.IsAsciiLetterLower(key[0]))
            {
                return "Start the stage's name with a letter.";
            }
            if (key == ContactStageSetter.NoStage)
            {
                return "\u201CNone\u201D means no stage: choose another name.";
            }
            if (stages.Count >= MaxPerTenant)
            {
                return $"A site has at most {MaxPerTenant} stages.";
            }
            if ((Find(stages, tidy) ?? stages.FirstOrDefault(s => s.Key == key)) is { } same)
            {
                return $"There is a stage called \u201C{same.Label}\u201D already.";
            }
            stages.Add(new StageChoice(key, tidy));
            return null;
        }, cancellationToken);

    /// <summary>Renames a stage: its contacts stay at it (they name its key).</summary>
    public Task<string?> RenameAsync(string tenantId, string key, string? label, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(tenantId, actor, "renamed", stages =>
        {
            var index = stages.FindIndex(s => s.Key == key);
            if (index < 0)
            {
                return "That stage no longer exists.";
            }
            if (CheckLabel(label, out var tidy) is { } problem)
            {
                return problem;
            }
            if (stages.FirstOrDefault(s => s.Key != key && string.Equals(s.Label, tidy, StringComparison.OrdinalIgnoreCase)) is { } other)
            {
                return $"There is a stage called \u201C{other.Label}\u201D already.";
            }
            stages[index] = stages[index] with { Label = tidy };
            return null;
        }, cancellationToken);

    /// <summary>Moves a stage one place earlier (<paramref name="by"/> -1) or later (+1) in the lifecycle.</summary>
    public Task<string?> MoveAsync(string tenantId, string key, int by, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(tenantId, actor, "moved", stages =>
        {
            var index = stages.FindIndex(s => s.Key == key);
            var to = index + Math.Sign(by);
            if (index < 0 || to < 0 || to >= stages.Count)
            {
                return null;
            }
            (stages[index], stages[to]) = (stages[to], stages[index]);
            return null;
        }, cancellationToken);

    /// <summary>Deletes a stage nobody is at; the problem in words otherwise.</summary>
    public async Task<string?> DeleteAsync(string tenantId, string key, string actor, CancellationToken cancellationToken = default)
    {
        var at = (await CountsAsync(tenantId, cancellationToken)).GetValueOrDefault(key);
        if (at > 0)
        {
            return $"{(at == 1 ? "1 contact is" : $"{at:N0} contacts are")} at this stage: move {(at == 1 ? "it" : "them")} to another stage first.";
        }
        return await ChangeAsync(tenantId, actor, "deleted", stages =>
        {
            if (stages.Count == 1 && stages[0].Key == key)
            {
                return "Keep at least one stage.";
            }
            stages.RemoveAll(s => s.Key == key);
            return null;
        }, cancellationToken);
    }

    /// <summary>Replaces the list with <paramref name="stages"/> (a recipe); a stage contacts are at and not in it is kept at the end.</summary>
    public async Task ReplaceAsync(string tenantId, IReadOnlyList<StageChoice> stages, string actor, CancellationToken cancellationToken = default)
    {
        var inUse = await CountsAsync(tenantId, cancellationToken);
        var current = await ListAsync(tenantId, cancellationToken);
        var kept = current.Where(s => inUse.ContainsKey(s.Key) && stages.All(n => n.Key != s.Key));
        await WriteAsync(tenantId, [.. stages, .. kept], cancellationToken);
        await audit.AppendAsync(tenantId, actor, Audit.AuditActions.StagesChanged, new { change = "replaced", stages = stages.Count }, cancellationToken);
    }

    private async Task<string?> ChangeAsync(string tenantId, string actor, string change, Func<List<StageChoice>, string?> edit, CancellationToken cancellationToken)
    {
        var stages = (await ListAsync(tenantId, cancellationToken)).ToList();
        if (edit(stages) is { } problem)
        {
            return problem;
        }
        await WriteAsync(tenantId, stages, cancellationToken);
        await audit.AppendAsync(tenantId, actor, Audit.AuditActions.StagesChanged, new { change }, cancellationToken);
        return null;
    }

    /// <summary>
    /// The whole list, in one transaction: a concurrent edit's rows are replaced, never interleaved. Written by
    /// statement, not through the change tracker, which may hold a caller's entities (a recipe's other steps).
    /// </summary>
    private async Task WriteAsync(string tenantId, List<StageChoice> stages, CancellationToken cancellationToken)
    {
        db.RequireTenant(tenantId);
        await db.ReplaceLifecycleStagesAsync(tenantId, stages.Select(s => (s.Key, s.Label)).ToList(), cancellationToken);
    }

    internal static string? CheckLabel(string? label, out string tidy)
    {
        tidy = string.Join(' ', (label ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (tidy.Length == 0)
        {
            return "Name the stage.";
        }
        if (tidy.Length > MaxLabelLength)
        {
            return $"Keep the name to {MaxLabelLength} characters.";
        }
        var problem = Text.StorableText.Problem(tidy) ?? (tidy.Any(char.IsControl) ? "contains a control character" : null);
        return problem is null ? null : $"The name {problem}.";
    }
}

/// <summary>A lifecycle stage as the pages, imports and the API name it.</summary>
internal sealed record StageChoice(string Key, string Label);
