using Comerix.Crm.Data.Sql;
using Microsoft.Data.Sqlite;

namespace Comerix.Crm.Tests.Data;

/// <summary>The raw write path must store exactly what Microsoft.Data.Sqlite (and so EF Core's reads and queries) expects.</summary>
public sealed class SqliteRawStatementTests
{
    public static TheoryData<object?> Values() => new()
    {
        null,
        "plain",
        "Zoë Ångström 🎉",
        new string('x', 5000) + "é", // longer than the statement's first text buffer
        42L,
        -7,
        true,
        false,
        new DateTime(2026, 11, 22, 10, 30, 0, DateTimeKind.Utc),
        new DateTime(2026, 11, 22, 10, 30, 0, 123, 456, DateTimeKind.Utc),
        new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified).AddTicks(10),
        0m,
        49.5m,
        -3m,
        1234567.891m,
        0.0001m,
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void AValueWrittenRawIsStoredAsMicrosoftDataSqliteStoresIt(object? value)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (tag TEXT, v)";
            create.ExecuteNonQuery();
        }
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO t (tag, v) VALUES ('library', @p0)";
            insert.Parameters.AddWithValue("@p0", value ?? DBNull.Value);
            insert.ExecuteNonQuery();
        }
        using (var statement = new SqliteRawStatement(connection, "INSERT INTO t (v, tag) VALUES (@p1, @p0)"))
        {
            statement.Execute(["raw", value]);
        }
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT typeof(v), quote(v) FROM t ORDER BY tag";
        using var reader = read.ExecuteReader();
        Assert.True(reader.Read());
        var library = (reader.GetString(0), reader.GetString(1));
        Assert.True(reader.Read());
        var raw = (reader.GetString(0), reader.GetString(1));
        Assert.Equal(library, raw);
    }

    [Fact]
    public void AConstraintFailureIsASqliteExceptionWithItsCode()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (k TEXT PRIMARY KEY)";
            create.ExecuteNonQuery();
        }
        using var statement = new SqliteRawStatement(connection, "INSERT INTO t (k) VALUES (@p0)");
        statement.Execute(["a"]);
        var error = Assert.Throws<SqliteException>(() => statement.Execute(["a"]));
        Assert.Equal(19, error.SqliteErrorCode);
        statement.Execute(["b"]);
    }
}
