using System.Globalization;

namespace Comerix.Crm.Data.Sql;

internal sealed class PostgresJsonRowSyntax : JsonRowSyntax
{
    public override string Rows => "jsonb_array_elements(@p1::jsonb) AS v(value)";

    public override string Field(int index, JsonColumnType type) => type switch
    {
        JsonColumnType.BigInt => $"(v.value ->> {index})::bigint",
        JsonColumnType.Boolean => $"(v.value ->> {index})::boolean",
        JsonColumnType.Timestamp => $"(v.value ->> {index})::timestamptz",
        JsonColumnType.Numeric => $"(v.value ->> {index})::numeric",
        _ => $"v.value ->> {index}",
    };

    public override string FormatTimestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
