namespace Comerix.Crm.Data.Sql;

/// <summary>
/// The statements a unit of work's commit writes with, spelled for one dialect: a per-row form (@p0 the tenant,
/// then the columns in order) and, where the dialect unpacks JSON rows, a one-statement form (@p1 the rows).
/// </summary>
internal sealed class CommitStatements
{
    public sealed record Statement(string RowSql, string? JsonSql, JsonRowSyntax? Syntax);

    private static readonly (string Name, JsonColumnType Type)[] ContactColumns =
    [
        ("id", JsonColumnType.BigInt), ("state", JsonColumnType.Text), ("merged_into_id", JsonColumnType.BigInt),
        ("display_name", JsonColumnType.Text), ("email", JsonColumnType.Text), ("phone", JsonColumnType.Text),
        ("company", JsonColumnType.Text), ("source", JsonColumnType.Text), ("is_identified", JsonColumnType.Boolean),
        ("first_seen", JsonColumnType.Timestamp), ("last_seen", JsonColumnType.Timestamp), ("traits_json", JsonColumnType.Text),
        ("created_at", JsonColumnType.Timestamp), ("updated_at", JsonColumnType.Timestamp),
    ];

    /// <summary>The key first, then the columns a commit rewrites on a contact that already exists.</summary>
    private static readonly (string Name, JsonColumnType Type)[] ContactUpdateColumns =
    [
        ("id", JsonColumnType.BigInt), ("display_name", JsonColumnType.Text), ("email", JsonColumnType.Text),
        ("phone", JsonColumnType.Text), ("company", JsonColumnType.Text), ("source", JsonColumnType.Text),
        ("is_identified", JsonColumnType.Boolean), ("first_seen", JsonColumnType.Timestamp), ("last_seen", JsonColumnType.Timestamp),
        ("traits_json", JsonColumnType.Text), ("updated_at", JsonColumnType.Timestamp),
    ];

    /// <summary>What a visit changes on a contact whose profile it leaves alone (most events): see <see cref="TouchContacts"/>.</summary>
    private static readonly (string Name, JsonColumnType Type)[] ContactTouchColumns =
    [
        ("id", JsonColumnType.BigInt), ("last_seen", JsonColumnType.Timestamp), ("updated_at", JsonColumnType.Timestamp),
    ];

    private static readonly (string Name, JsonColumnType Type)[] IdentifierColumns =
    [
        ("type", JsonColumnType.Text), ("value", JsonColumnType.Text), ("display_value", JsonColumnType.Text),
        ("contact_id", JsonColumnType.BigInt), ("contact_state", JsonColumnType.Text), ("verified", JsonColumnType.Boolean),
        ("first_seen", JsonColumnType.Timestamp),
    ];

    private static readonly (string Name, JsonColumnType Type)[] ActivityColumns =
    [
        ("id", JsonColumnType.BigInt), ("event_id", JsonColumnType.Text), ("contact_id", JsonColumnType.BigInt),
        ("type", JsonColumnType.Text), ("source", JsonColumnType.Text), ("occurred_at", JsonColumnType.Timestamp),
        ("received_at", JsonColumnType.Timestamp), ("record_kind", JsonColumnType.Text), ("record_id", JsonColumnType.Text),
        ("conversion_value", JsonColumnType.Numeric), ("currency", JsonColumnType.Text), ("payload_json", JsonColumnType.Text),
        ("claim_keys", JsonColumnType.Text),
    ];

    private static readonly (string Name, JsonColumnType Type)[] LinkColumns =
    [
        ("record_kind", JsonColumnType.Text), ("record_id", JsonColumnType.Text), ("contact_id", JsonColumnType.BigInt),
        ("first_seen", JsonColumnType.Timestamp),
    ];

    // A record already linked keeps its contact.
    private const string LinkConflict = " ON CONFLICT (tenant_id, record_kind, record_id) DO NOTHING";

    private readonly JsonRowSyntax? _json;

    public CommitStatements(JsonRowSyntax? json)
    {
        _json = json;
        InsertContacts = Insert("crm_contacts", ContactColumns);
        UpdateContacts = Update("crm_contacts", ContactUpdateColumns);
        TouchContacts = Update("crm_contacts", ContactTouchColumns);
        InsertIdentifiers = Insert("crm_identifiers", IdentifierColumns);
        InsertActivities = Insert("crm_activities", ActivityColumns);
        InsertLinks = Insert("crm_contact_links", LinkColumns, LinkConflict);
    }

    /// <summary>
    /// Every column list a commit writes, by table (the tenant id, which every statement writes or matches, is not
    /// listed): a test checks them against the EF model's tables and columns for both dialects.
    /// </summary>
    internal static IReadOnlyList<(string Table, IReadOnlyList<(string Name, JsonColumnType Type)> Columns, bool IsInsert)> ColumnLists { get; } =
    [
        ("crm_contacts", ContactColumns, true), ("crm_contacts", ContactUpdateColumns, false), ("crm_contacts", ContactTouchColumns, false),
        ("crm_identifiers", IdentifierColumns, true), ("crm_activities", ActivityColumns, true), ("crm_contact_links", LinkColumns, true),
    ];

    /// <summary>The statements built from <see cref="ColumnLists"/>, in the same order.</summary>
    internal IReadOnlyList<Statement> All => [InsertContacts, UpdateContacts, TouchContacts, InsertIdentifiers, InsertActivities, InsertLinks];

    public Statement InsertContacts { get; }
    public Statement UpdateContacts { get; }

    /// <summary>
    /// Rewrites only the seen times. Cheaper than <see cref="UpdateContacts"/> in the row it rebuilds, and on SQLite
    /// it leaves the search index's trigger out (it fires on an UPDATE that names a searchable column).
    /// </summary>
    public Statement TouchContacts { get; }
    public Statement InsertIdentifiers { get; }
    public Statement InsertActivities { get; }
    public Statement InsertLinks { get; }

    private Statement Insert(string table, (string Name, JsonColumnType Type)[] columns, string suffix = "")
    {
        var names = string.Join(", ", columns.Select(c => c.Name));
        var rowSql = $"INSERT INTO {table} (tenant_id, {names}) VALUES (@p0, {string.Join(", ", columns.Select((_, i) => "@p" + (i + 1)))}){suffix}";
        // "WHERE true" keeps a trailing ON CONFLICT from being read as part of the SELECT.
        var jsonSql = _json is null ? null
            : $"INSERT INTO {table} (tenant_id, {names}) SELECT @p0, {string.Join(", ", columns.Select((c, i) => _json.Field(i, c.Type)))} " +
              $"FROM {_json.Rows} WHERE true{suffix}";
        return new Statement(rowSql, jsonSql, _json);
    }

    /// <summary>Updates by (tenant, first column) the remaining columns.</summary>
    private Statement Update(string table, (string Name, JsonColumnType Type)[] columns)
    {
        var key = columns[0].Name;
        var rest = columns.Skip(1).ToArray();
        var rowSql = $"UPDATE {table} SET {string.Join(", ", rest.Select((c, i) => $"{c.Name} = @p{i + 2}"))} WHERE tenant_id = @p0 AND {key} = @p1";
        var jsonSql = _json is null ? null
            : $"UPDATE {table} SET {string.Join(", ", rest.Select((c, i) => $"{c.Name} = {_json.Field(i + 1, c.Type)}"))} FROM {_json.Rows} " +
              $"WHERE {table}.tenant_id = @p0 AND {table}.{key} = {_json.Field(0, columns[0].Type)}";
        return new Statement(rowSql, jsonSql, _json);
    }
}
