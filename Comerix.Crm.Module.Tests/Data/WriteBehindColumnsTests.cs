using System.Text.RegularExpressions;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Comerix.Crm.Tests.Data;

/// <summary>
/// Issue 17 item 2: the write-behind store (Data/Sql) writes rows with hand-written column lists. Each list, and the
/// SQL built from it for each dialect, names tables and columns the EF model (what the migrations create, see
/// <see cref="MigrationsTests"/>) has, with the value type the model gives the column; an insert writes
/// every column the model requires; an ON CONFLICT names a unique key the model has. A column renamed or added as
/// required in the model, and not in the list, fails here rather than at the first commit.
/// </summary>
public sealed class WriteBehindColumnsTests
{
    public static TheoryData<string> Dialects => [CrmDatabaseProviders.Sqlite, CrmDatabaseProviders.Postgres];

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Every_commit_column_list_names_columns_of_the_model_with_their_types(string provider)
    {
        var tables = RelationalTables(provider);
        var problems = new List<string>();
        foreach (var (tableName, columns, isInsert) in CommitStatements.ColumnLists)
        {
            if (!tables.TryGetValue(tableName, out var table))
            {
                problems.Add($"{tableName}: no such table in the model");
                continue;
            }
            foreach (var (name, type) in columns)
            {
                if (table.FindColumn(name) is not { } column)
                {
                    problems.Add($"{tableName}.{name}: no such column in the model");
                }
                else if (ClrTypeOf(column) != Expected(type))
                {
                    problems.Add($"{tableName}.{name}: written as {type}, the model stores {ClrTypeOf(column).Name}");
                }
            }
            if (isInsert)
            {
                var written = columns.Select(c => c.Name).Append("tenant_id").ToHashSet();
                problems.AddRange(table.Columns.Where(c => !c.IsNullable && c.DefaultValueSql is null && c.DefaultValue is null && !written.Contains(c.Name))
                    .Select(c => $"{tableName}.{c.Name}: required by the model, not written by the insert"));
            }
        }
        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void The_statements_of_each_dialect_write_the_listed_columns_and_the_model_has_them(string provider)
    {
        var tables = RelationalTables(provider);
        var statements = new CommitStatements(provider == CrmDatabaseProviders.Postgres ? new PostgresJsonRowSyntax() : null);
        Assert.Equal(CommitStatements.ColumnLists.Count, statements.All.Count);
        var problems = new List<string>();
        foreach (var ((tableName, columns, _), statement) in CommitStatements.ColumnLists.Zip(statements.All))
        {
            var listed = columns.Select(c => c.Name).Prepend("tenant_id").ToList();
            foreach (var sql in new[] { statement.RowSql, statement.JsonSql }.OfType<string>())
            {
                var (table, named) = ColumnsOf(sql);
                Assert.Equal(tableName, table);
                // An insert names every listed column in order; an update sets the rest and matches on the tenant and the key.
                Assert.Equal(listed.Order(), named.Distinct().Order());
                problems.AddRange(Missing(tables, sql));
            }
        }
        problems.AddRange(Missing(tables, CrmEventOutbox.InsertDeliveriesSql));
        problems.AddRange(Missing(tables, CrmEventOutbox.EnqueueSql));
        Assert.Empty(problems);
    }

    [Fact]
    public void The_statements_are_read_by_this_test_as_they_are_written()
    {
        // The reader below is what the checks above rely on: it must see a misspelt column.
        var tables = RelationalTables(CrmDatabaseProviders.Sqlite);
        Assert.Empty(Missing(tables, "INSERT INTO crm_contacts (tenant_id, id, state) VALUES (@p0, @p1, @p2)"));
        Assert.Equal(["crm_contacts.stat"], Missing(tables, "INSERT INTO crm_contacts (tenant_id, id, stat) VALUES (@p0, @p1, @p2)"));
        Assert.Equal(["crm_contacts.lastseen"], Missing(tables, "UPDATE crm_contacts SET lastseen = @p2 WHERE tenant_id = @p0 AND id = @p1"));
        Assert.Equal(["crm_contact_links: ON CONFLICT (tenant_id, record_id) is no unique key of the model"],
            Missing(tables, "INSERT INTO crm_contact_links (tenant_id, record_id) VALUES (@p0, @p1) ON CONFLICT (tenant_id, record_id) DO NOTHING"));
    }

    /// <summary>The EF model's tables as the provider maps them (the model differs by provider: sequences or a counter table).</summary>
    internal static Dictionary<string, ITable> RelationalTables(string provider)
    {
        var options = new DbContextOptionsBuilder<CrmDbContext>();
        // Neither is opened: building the model needs the provider, not a database.
        _ = provider == CrmDatabaseProviders.Postgres ? options.UseNpgsql("Host=localhost;Database=model_only") : options.UseSqlite("Data Source=:memory:");
        using var db = new CrmDbContext(options.Options);
        return db.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables.ToDictionary(t => t.Name);
    }

    /// <summary>The type the column's values have in SQL: a closed state (an enum with a code converter) is written as its code, a string.</summary>
    private static Type ClrTypeOf(IColumn column)
    {
        var mapping = column.PropertyMappings[0];
        var type = mapping.TypeMapping.Converter?.ProviderClrType ?? mapping.Property.ClrType;
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    private static Type Expected(JsonColumnType type) => type switch
    {
        JsonColumnType.BigInt => typeof(long),
        JsonColumnType.Boolean => typeof(bool),
        JsonColumnType.Timestamp => typeof(DateTime),
        JsonColumnType.Numeric => typeof(decimal),
        _ => typeof(string),
    };

    /// <summary>The table a statement writes and the columns it names (inserted, set, or matched on that table).</summary>
    private static (string Table, List<string> Columns) ColumnsOf(string sql)
    {
        if (Regex.Match(sql, @"^INSERT INTO (\w+) \(([^)]*)\)") is { Success: true } insert)
        {
            return (insert.Groups[1].Value, insert.Groups[2].Value.Split(',').Select(c => c.Trim()).ToList());
        }
        var update = Regex.Match(sql, @"^UPDATE (\w+) SET (.*?) (?:FROM .*?)?WHERE (.*)$");
        Assert.True(update.Success, sql);
        var table = update.Groups[1].Value;
        var set = Regex.Matches(update.Groups[2].Value, @"(?:^|, )(\w+) = ").Select(m => m.Groups[1].Value);
        var where = Regex.Matches(update.Groups[3].Value, $@"(?:{table}\.)?(\w+) = ").Select(m => m.Groups[1].Value);
        return (table, set.Concat(where).ToList());
    }

    /// <summary>What <paramref name="sql"/> names that the model lacks: columns of its table, of the table it selects from, its ON CONFLICT key.</summary>
    private static List<string> Missing(Dictionary<string, ITable> tables, string sql)
    {
        var (tableName, columns) = ColumnsOf(sql);
        if (!tables.TryGetValue(tableName, out var table))
        {
            return [$"{tableName}: no such table in the model"];
        }
        var missing = columns.Where(c => table.FindColumn(c) is null).Select(c => $"{tableName}.{c}").ToList();
        if (Regex.Match(sql, @"ON CONFLICT \(([^)]*)\)") is { Success: true } conflict)
        {
            var key = conflict.Groups[1].Value.Split(',').Select(c => c.Trim()).ToList();
            var unique = table.UniqueConstraints.Select(u => u.Columns.Select(c => c.Name).ToList())
                .Concat(table.Indexes.Where(i => i.IsUnique).Select(i => i.Columns.Select(c => c.Name).ToList()));
            if (!unique.Any(u => u.SequenceEqual(key)))
            {
                missing.Add($"{tableName}: ON CONFLICT ({conflict.Groups[1].Value}) is no unique key of the model");
            }
        }
        if (Regex.Match(sql, @"FROM (crm_\w+) WHERE (.*)$") is { Success: true } source && tables.TryGetValue(source.Groups[1].Value, out var from))
        {
            missing.AddRange(Regex.Matches(source.Groups[2].Value, @"(\w+) (?:=|LIKE) ").Select(m => m.Groups[1].Value)
                .Where(c => from.FindColumn(c) is null).Select(c => $"{from.Name}.{c}"));
        }
        return missing;
    }
}
