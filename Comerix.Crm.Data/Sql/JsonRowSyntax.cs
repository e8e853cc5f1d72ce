namespace Comerix.Crm.Data.Sql;

/// <summary>
/// How a dialect unpacks rows sent as one JSON parameter (@p1), so that a commit writes each table in one
/// statement and one round trip. Only worth it where a round trip costs more than the unpacking: PostgreSQL.
/// </summary>
internal abstract class JsonRowSyntax
{
    /// <summary>FROM-clause source of the JSON rows bound to @p1, aliased <c>v</c>.</summary>
    public abstract string Rows { get; }

    /// <summary>Column <paramref name="index"/> of a JSON row, as a value of <paramref name="type"/>.</summary>
    public abstract string Field(int index, JsonColumnType type);

    /// <summary>A timestamp in the text form the provider parses.</summary>
    public abstract string FormatTimestamp(DateTime utc);
}

internal enum JsonColumnType
{
    Text,
    BigInt,
    Boolean,
    Timestamp,
    Numeric,
}
