using System.Text.Json;
using Comerix.Crm.Contacts.Fields;
using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>A column of the Contacts list: a standard one, or a contact field's (<see cref="Field"/> set).</summary>
internal sealed record ListColumn(string Name, string Label, CustomField? Field = null);

/// <summary>
/// Which columns each site user sees on the Contacts list, besides the Customer column every list has: the standard
/// ones and up to <see cref="MaxFieldColumns"/> contact fields, remembered per user. A field deleted since drops out.
/// </summary>
internal sealed class ContactListColumns(CrmDbContext db, CustomFieldDefinitions definitions, TimeProvider time)
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Company = "company";
    public const string Source = "source";
    public const string LastSeen = "last_seen";
    public const string Stage = "stage";
    public const string Owner = "owner";
    public const int MaxFieldColumns = 5;

    /// <summary>The built-in columns one may choose, in the list's order.</summary>
    public static readonly IReadOnlyList<ListColumn> Builtin =
    [
        new(Email, "Email"), new(Phone, "Phone"), new(Company, "Company"), new(Stage, "Stage"), new(Owner, "Owner"),
        new(Source, "Source"), new(LastSeen, "Last seen"),
    ];

    /// <summary>The columns of someone who never chose: who the person is and where they came from.</summary>
    public static readonly IReadOnlyList<ListColumn> Standard = Builtin.Where(c => c.Name is not (Stage or Owner)).ToList();

    /// <summary>Every column one may choose, in the order the list shows them: the built-in ones, then the fields.</summary>
    public async Task<IReadOnlyList<ListColumn>> AvailableAsync(string tenantId, CancellationToken cancellationToken = default) =>
        [.. Builtin, .. (await definitions.ListAsync(tenantId, cancellationToken)).Select(f => new ListColumn(ContactFieldColumn.Name(f.Key), f.Label, f))];

    /// <summary>The columns <paramref name="user"/> chose (the standard ones until they choose), in the list's order.</summary>
    public async Task<IReadOnlyList<ListColumn>> ChosenAsync(string tenantId, string user, CancellationToken cancellationToken = default)
    {
        // Read on every list page and search keystroke: the fields only when this user has chosen columns.
        var saved = await db.InTenant(tenantId).ListColumnChoices.AsNoTracking().FirstOrDefaultAsync(c => c.UserName == user, cancellationToken);
        if (saved is null)
        {
            return Standard;
        }
        var names = JsonSerializer.Deserialize<List<string>>(saved.ColumnsJson) ?? [];
        return (await AvailableAsync(tenantId, cancellationToken)).Where(c => names.Contains(c.Name)).ToList();
    }

    /// <summary>Remembers <paramref name="user"/>'s columns; returns why not when they cannot be the list's.</summary>
    public async Task<string?> SaveAsync(string tenantId, string user, IReadOnlyCollection<string> names, CancellationToken cancellationToken = default)
    {
        var available = await AvailableAsync(tenantId, cancellationToken);
        if (names.FirstOrDefault(n => available.All(c => c.Name != n)) is { } unknown)
        {
            return unknown.StartsWith(ContactFieldColumn.Prefix, StringComparison.Ordinal)
                ? "One of the fields you chose was deleted a moment ago. Choose again."
                : "Choose columns from the list.";
        }
        var chosen = available.Where(c => names.Contains(c.Name)).ToList();
        if (chosen.Count(c => c.Field is not null) > MaxFieldColumns)
        {
            return $"Choose at most {MaxFieldColumns} fields as columns: the list stays readable.";
        }
        var json = JsonSerializer.Serialize(chosen.Select(c => c.Name));
        var row = await db.InTenant(tenantId).ListColumnChoices.FirstOrDefaultAsync(c => c.UserName == user, cancellationToken);
        if (row is null)
        {
            db.ListColumnChoices.Add(new ListColumnChoice { TenantId = tenantId, UserName = user, ColumnsJson = json, UpdatedAt = time.GetUtcNow().UtcDateTime });
        }
        else
        {
            (row.ColumnsJson, row.UpdatedAt) = (json, time.GetUtcNow().UtcDateTime);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The primary key decided: the same user saved from another tab a moment ago.
            db.ChangeTracker.Clear();
            return "Your columns were saved from another window a moment ago. Choose again.";
        }
        return null;
    }

    /// <summary>The values of the chosen fields for the page's contacts (contact id → field key → value), one query.</summary>
    public async Task<IReadOnlyDictionary<long, Dictionary<string, string>>> FieldValuesAsync(
        string tenantId, IReadOnlyCollection<long> contactIds, IReadOnlyList<ListColumn> columns, CancellationToken cancellationToken = default)
    {
        var keys = columns.Where(c => c.Field is not null).Select(c => c.Field!.Key).ToList();
        if (keys.Count == 0 || contactIds.Count == 0)
        {
            return new Dictionary<long, Dictionary<string, string>>();
        }
        var values = await db.InTenant(tenantId).ContactFieldValues.AsNoTracking()
            .Where(v => contactIds.Contains(v.ContactId) && keys.Contains(v.FieldKey)).ToListAsync(cancellationToken);
        return values.GroupBy(v => v.ContactId).ToDictionary(g => g.Key, g => g.ToDictionary(v => v.FieldKey, v => v.Value, StringComparer.Ordinal));
    }
}
