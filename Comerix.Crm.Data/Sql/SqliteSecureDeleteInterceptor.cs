using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// For EF Core's SQLite connections (the admin's reads and writes, and a host's own context on the same file,
/// such as SiteHost's demo stores): secure_delete zeroes what a delete frees, and a writer waits for the lock.
/// </summary>
public sealed class SqliteSecureDeleteInterceptor : DbConnectionInterceptor
{
    public static SqliteSecureDeleteInterceptor Instance { get; } = new();

    private const string Pragmas = "PRAGMA secure_delete=ON; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
