using System.Data.Common;

namespace Comerix.Crm.Bench;

/// <summary>Every row of one table, read into memory so that loading them elsewhere can be timed alone.</summary>
internal sealed record TableRows(ProductTable Table, IReadOnlyList<string> DataTypes, IReadOnlyList<object?[]> Rows)
{
    public static async Task<TableRows> ReadAsync(DbConnection connection, ProductTable table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", table.Columns)} FROM {table.Name}";
        await using var reader = await command.ExecuteReaderAsync();
        var dataTypes = Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName).ToList();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }
        return new TableRows(table, dataTypes, rows);
    }

    /// <summary>Whether the table holds any row (a freshly migrated table may hold seeded ones).</summary>
    public static async Task<bool> AnyAsync(DbConnection connection, ProductTable table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT 1 FROM {table.Name} LIMIT 1";
        return await command.ExecuteScalarAsync() is not null;
    }
}
