namespace Comerix.Crm.Data.Sql;

/// <summary>
/// The statements of a unit of work's commit, spelled for one dialect: bulk forms (@p0 the tenant, @p1 the JSON rows)
/// and per-row forms (@p0 the tenant, then the columns in order).
/// </summary>
internal sealed class BulkStatements
{
    private readonly SqlDialect _dialect;

    public BulkStatements(SqlDialect dialect)
    {
        _dialect = dialect;
        InsertContacts = Insert("crm_contacts", ContactColumns);
        UpdateContacts = dialect.BulkUpdate("crm_contacts",
            $"display_name = {F(1)}, email = {F(2)}, phone = {F(3)}, company = {F(4)}, source = {F(5)}, " +
            $"is_identified = {F(6, BulkType.Boolean)}, first_seen = {F(7, BulkType.Timestamp)}, last_seen = {F(8, BulkType.Timestamp)}, " +
            $"traits_json = {F(9)}, updated_at = {F(10, BulkType.Timestamp)}",
            $"crm_contacts.tenant_id = @p0 AND crm_contacts.id = {F(0, BulkType.BigInt)}");
        InsertIdentifiers = Insert("crm_identifiers", IdentifierColumns);
        InsertActivities = Insert("crm_activities", ActivityColumns);
        InsertLinks = Insert("crm_contact_links", LinkColumns, LinkConflict);
    }

    private const string LinkConflict = " ON CONFLICT (tenant_id, record_kind, record_id) DO NOTHING";

    private static readonly (string Column, BulkType Type)[] ContactColumns =
    [
        ("id", BulkType.BigInt), ("state", BulkType.Text), ("merged_into_id", BulkType.BigInt), ("display_name", BulkType.Text),
        ("email", BulkType.Text), ("phone", BulkType.Text), ("company", BulkType.Text), ("source", BulkType.Text),
        ("is_identified", BulkType.Boolean), ("first_seen", BulkType.Timestamp), ("last_seen", BulkType.Timestamp),
        ("traits_json", BulkType.Text), ("created_at", BulkType.Timestamp), ("updated_at", BulkType.Timestamp),
    ];

    private static readonly (string Column, BulkType Type)[] IdentifierColumns =
    [
        ("type", BulkType.Text), ("value", BulkType.Text), ("display_value", BulkType.Text), ("contact_id", BulkType.BigInt),
        ("contact_state", BulkType.Text), ("verified", BulkType.Boolean), ("first_seen", BulkType.Timestamp),
    ];

    private static readonly (string Column, BulkType Type)[] ActivityColumns =
    [
        ("id", BulkType.BigInt), ("event_id", BulkType.Text), ("contact_id", BulkType.BigInt), ("type", BulkType.Text),
        ("source", BulkType.Text), ("occurred_at", BulkType.Timestamp), ("received_at", BulkType.Timestamp),
        ("record_kind", BulkType.Text), ("record_id", BulkType.Text), ("conversion_value", BulkType.Numeric),
        ("currency", BulkType.Text), ("payload_json", BulkType.Text),
    ];

    private static readonly (string Column, BulkType Type)[] LinkColumns =
        [("record_kind", BulkType.Text), ("record_id", BulkType.Text), ("contact_id", BulkType.BigInt), ("first_seen", BulkType.Timestamp)];

    private static string Values((string Column, BulkType Type)[] columns) =>
        string.Join(", ", columns.Select((_, i) => "@p" + (i + 1)));

    private static string Values(string table, (string Column, BulkType Type)[] columns) =>
        $"INSERT INTO {table} (tenant_id, {string.Join(", ", columns.Select(c => c.Column))}) VALUES (@p0, {Values(columns)})";

    public string InsertContactRow { get; } = Values("crm_contacts", ContactColumns);
    public string UpdateContactRow { get; } =
        "UPDATE crm_contacts SET display_name = @p2, email = @p3, phone = @p4, company = @p5, source = @p6, is_identified = @p7, " +
        "first_seen = @p8, last_seen = @p9, traits_json = @p10, updated_at = @p11 WHERE tenant_id = @p0 AND id = @p1";
    public string InsertIdentifierRow { get; } = Values("crm_identifiers", IdentifierColumns);
    public string InsertActivityRow { get; } = Values("crm_activities", ActivityColumns);
    public string InsertLinkRow { get; } = Values("crm_contact_links", LinkColumns) + LinkConflict;

    public string InsertContacts { get; }
    public string UpdateContacts { get; }
    public string InsertIdentifiers { get; }
    public string InsertActivities { get; }
    public string InsertLinks { get; }

    private string F(int index, BulkType type = BulkType.Text) => _dialect.JsonField(index, type);

    // "WHERE true" keeps SQLite from reading a trailing ON CONFLICT as part of the SELECT's join.
    private string Insert(string table, (string Column, BulkType Type)[] columns, string suffix = "") =>
        $"INSERT INTO {table} (tenant_id, {string.Join(", ", columns.Select(c => c.Column))}) " +
        $"SELECT @p0, {string.Join(", ", columns.Select((c, i) => F(i, c.Type)))} FROM {_dialect.JsonRows("@p1")} WHERE true{suffix}";
}
