using System.Text.Json;
using System.Text.RegularExpressions;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Fields;

/// <summary>What a manager types to define or change a field. Key and type are read only when the field is made.</summary>
internal sealed record CustomFieldDraft(string? Key, string? Label, string? Type, string? HelpText, string? Options, int? Position);

/// <summary>The team's own contact fields: defined, changed and deleted at /admin/customers/fields.</summary>
/// <param name="cache">Told of every change, so events on this server read the new definitions at once.</param>
internal sealed partial class CustomFieldDefinitions(CrmDbContext db, TimeProvider time, Audit.AuditLog audit, CustomFieldCache? cache = null)
{
    public const int MaxPerTenant = 100;
    public const int MaxKeyLength = 40;
    public const int MaxLabelLength = 60;
    public const int MaxHelpLength = 200;

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex KeyPattern();

    public Task<List<CustomField>> ListAsync(string tenantId, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).CustomFields.AsNoTracking().OrderBy(f => f.Position).ThenBy(f => f.Key).ToListAsync(cancellationToken);

    /// <summary>The fields by key (an import's columns are mapped to keys).</summary>
    public async Task<IReadOnlyDictionary<string, CustomField>> ByKeyAsync(string tenantId, CancellationToken cancellationToken = default) =>
        (await ListAsync(tenantId, cancellationToken)).ToDictionary(f => f.Key, StringComparer.Ordinal);

    public Task<CustomField?> FindAsync(string tenantId, string? key, CancellationToken cancellationToken = default) =>
        db.InTenant(tenantId).CustomFields.AsNoTracking().FirstOrDefaultAsync(f => f.Key == key, cancellationToken);

    /// <summary>How many contacts hold a value of each field.</summary>
    public async Task<Dictionary<string, int>> ValueCountsAsync(string tenantId, CancellationToken cancellationToken = default) =>
        await db.InTenant(tenantId).ContactFieldValues.AsNoTracking().GroupBy(v => v.FieldKey)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    /// <summary>Every contact's values (field key → value), read once for an export.</summary>
    public async Task<Dictionary<long, Dictionary<string, string>>> ValuesByContactAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var byContact = new Dictionary<long, Dictionary<string, string>>();
        await foreach (var v in db.InTenant(tenantId).ContactFieldValues.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!byContact.TryGetValue(v.ContactId, out var own))
            {
                byContact[v.ContactId] = own = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            own[v.FieldKey] = v.Value;
        }
        return byContact;
    }

    /// <summary>Defines a field; returns the problems by form field ("Key", "Label", …), empty when it was made.</summary>
    public async Task<Dictionary<string, string>> CreateAsync(string tenantId, CustomFieldDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        var (field, problems) = Check(tenantId, draft);
        (field.CreatedAt, field.CreatedBy) = (time.GetUtcNow().UtcDateTime, actor);
        var key = field.Key;
        var existing = await ListAsync(tenantId, cancellationToken);
        if (!problems.ContainsKey("Key") && existing.Any(f => f.Key == key))
        {
            problems["Key"] = $"A field with the key \u201C{key}\u201D exists already.";
        }
        if (existing.Count >= MaxPerTenant)
        {
            problems["Key"] = $"A site has at most {MaxPerTenant} contact fields. Delete one first.";
        }
        if (problems.Count > 0)
        {
            return problems;
        }
        field.Position = draft.Position ?? (existing.Count == 0 ? 10 : existing.Max(f => f.Position) + 10);
        db.CustomFields.Add(field);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            cache?.Invalidate(tenantId);
        }
        catch (DbUpdateException)
        {
            // The primary key decided: someone made a field with this key a moment ago.
            db.ChangeTracker.Clear();
            return new() { ["Key"] = $"A field with the key \u201C{key}\u201D was made by someone else a moment ago." };
        }
        await audit.AppendAsync(tenantId, actor, Audit.AuditActions.FieldCreated, new { field = key, type = field.Type }, cancellationToken);
        return problems;
    }

    /// <summary>
    /// A new field as <paramref name="draft"/> describes it, and its problems by form field ("Key", "Label", …): what
    /// can be known without the database (a recipe checks its steps with it before running any).
    /// </summary>
    public static (CustomField Field, Dictionary<string, string> Problems) Check(string tenantId, CustomFieldDraft draft)
    {
        var problems = new Dictionary<string, string>();
        var key = draft.Key?.Trim() ?? "";
        if (key.Length == 0)
        {
            problems["Key"] = "Give the field a key, e.g. date_of_birth.";
        }
        else if (key.Length > MaxKeyLength || !KeyPattern().IsMatch(key))
        {
            problems["Key"] = $"A key is lower-case letters, digits and underscores, starting with a letter, at most {MaxKeyLength} characters.";
        }
        if (!CustomFieldTypes.IsKnown(draft.Type))
        {
            problems["Type"] = $"Choose the kind of value the field holds ({string.Join(", ", CustomFieldTypes.All.Select(t => t.Code))}).";
        }
        var field = new CustomField { TenantId = tenantId, Key = key, Label = "", Type = draft.Type ?? "", CreatedBy = "" };
        ApplyChangeable(field, draft, problems);
        return (field, problems);
    }

    /// <summary>Changes a field's label, help, choices and position; its key and type stay. Problems by form field.</summary>
    public async Task<Dictionary<string, string>> UpdateAsync(string tenantId, string key, CustomFieldDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        var problems = new Dictionary<string, string>();
        if (await db.InTenant(tenantId).CustomFields.FirstOrDefaultAsync(f => f.Key == key, cancellationToken) is not { } field)
        {
            return new() { [""] = "That field was deleted a moment ago." };
        }
        var before = CustomFieldOptions.Of(field);
        ApplyChangeable(field, draft, problems);
        if (draft.Position is { } position)
        {
            field.Position = position;
        }
        if (!problems.ContainsKey("Options") && CustomFieldTypes.HasOptions(field.Type))
        {
            var after = CustomFieldOptions.Of(field);
            var dropped = before.Where(o => !after.Contains(o, StringComparer.Ordinal)).ToList();
            if (dropped.Count > 0 && await HoldersAsync(tenantId, field, dropped, cancellationToken) is var holders && holders > 0)
            {
                problems["Options"] = $"{holders:N0} contact{(holders == 1 ? " holds" : "s hold")} a choice you took out or respelled " +
                    $"(\u201C{string.Join("\u201D, \u201C", dropped)}\u201D). Keep it, or change their values first.";
            }
        }
        if (problems.Count > 0)
        {
            db.ChangeTracker.Clear();
            return problems;
        }
        await db.SaveChangesAsync(cancellationToken);
        cache?.Invalidate(tenantId);
        await audit.AppendAsync(tenantId, actor, Audit.AuditActions.FieldChanged, new { field = key }, cancellationToken);
        return problems;
    }

    /// <summary>How many contacts hold one of <paramref name="options"/>: counted by the database for a one-of field (the
    /// value is the choice); a several-of field's values are JSON arrays, read and looked into here.</summary>
    private async Task<int> HoldersAsync(string tenantId, CustomField field, IReadOnlyList<string> options, CancellationToken cancellationToken)
    {
        var values = db.InTenant(tenantId).ContactFieldValues.AsNoTracking().Where(v => v.FieldKey == field.Key);
        if (field.Type != CustomFieldTypes.ManyOf)
        {
            return await values.CountAsync(v => options.Contains(v.Value), cancellationToken);
        }
        var arrays = await values.Select(v => v.Value).ToListAsync(cancellationToken);
        return arrays.Count(v => CustomFieldValues.Items(field, v).Any(options.Contains));
    }

    private static void ApplyChangeable(CustomField field, CustomFieldDraft draft, Dictionary<string, string> problems)
    {
        var label = string.Join(' ', (draft.Label ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (label.Length == 0)
        {
            problems["Label"] = "Give the field a label, as the team will read it.";
        }
        else if (label.Length > MaxLabelLength || label.Any(char.IsControl))
        {
            problems["Label"] = $"A label is one line of at most {MaxLabelLength} characters.";
        }
        field.Label = label;
        var help = draft.HelpText?.Trim();
        if (help is { Length: > MaxHelpLength })
        {
            problems["HelpText"] = $"Help text holds at most {MaxHelpLength} characters.";
        }
        field.HelpText = string.IsNullOrEmpty(help) ? null : help;
        if (draft.Position is < 0 or > 100_000)
        {
            problems["Position"] = "The position is a number from 0 to 100,000.";
        }
        if (CustomFieldTypes.HasOptions(field.Type))
        {
            var options = CustomFieldOptions.Parse(draft.Options, out var problem);
            if (problem is not null)
            {
                problems["Options"] = problem;
            }
            field.OptionsJson = options is null ? field.OptionsJson : JsonSerializer.Serialize(options);
        }
        else
        {
            field.OptionsJson = null;
        }
    }

    /// <summary>Deletes the field and, through the foreign key, every contact's value of it. True when it was there.</summary>
    public async Task<bool> DeleteAsync(string tenantId, string key, string actor, CancellationToken cancellationToken = default)
    {
        var values = await db.InTenant(tenantId).ContactFieldValues.CountAsync(v => v.FieldKey == key, cancellationToken);
        // One statement: the foreign key's ON DELETE CASCADE deletes the values with the field, atomically, on both databases.
        var deleted = await db.InTenant(tenantId).CustomFields.Where(f => f.Key == key).ExecuteDeleteAsync(cancellationToken) > 0;
        if (deleted)
        {
            cache?.Invalidate(tenantId);
            await audit.AppendAsync(tenantId, actor, Audit.AuditActions.FieldDeleted, new { field = key, values }, cancellationToken);
        }
        return deleted;
    }
}
