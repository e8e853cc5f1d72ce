using System.Diagnostics;
using Npgsql;

namespace Comerix.Crm.Tests.Infrastructure;

/// <summary>
/// Finds the PostgreSQL server the provider tests run against: COMERIX_TEST_POSTGRES if set; otherwise the
/// throwaway server of scripts/test-postgres.sh, which is started here when PostgreSQL is installed.
/// Locally, no server means the tests are skipped with a message saying so; in CI (CI=true) they must run,
/// so there the attribute never skips and a missing server fails the tests.
/// </summary>
public static class PostgresTestServer
{
    public const string DefaultConnection = "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=postgres;Timeout=5";

    private static readonly Lazy<(string? ConnectionString, string Reason)> Probe = new(Find);

    public static string? ConnectionString => Probe.Value.ConnectionString;

    public static string UnavailableReason => Probe.Value.Reason;

    public static bool MustRun => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static (string?, string) Find()
    {
        var configured = Environment.GetEnvironmentVariable("COMERIX_TEST_POSTGRES");
        var connectionString = configured ?? DefaultConnection;
        if (TryConnect(connectionString, out var error))
        {
            return (connectionString, "");
        }
        var startError = "";
        if (configured is null && StartLocalServer(out startError) && TryConnect(connectionString, out error))
        {
            return (connectionString, "");
        }
        return (null, $"No PostgreSQL server reachable ({error}{startError}). Install PostgreSQL (apt-get install postgresql) " +
            "so the tests can start scripts/test-postgres.sh, or point COMERIX_TEST_POSTGRES at a server.");
    }

    private static bool TryConnect(string connectionString, out string error)
    {
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            error = "";
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            error = ex.Message;
            return false;
        }
    }

    private static bool StartLocalServer(out string error)
    {
        error = "";
        var script = FindScript();
        if (script is null || !Directory.Exists("/usr/lib/postgresql"))
        {
            return false;
        }
        using var process = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit(60_000);
        if (process.ExitCode != 0)
        {
            error = "; scripts/test-postgres.sh failed: " + stderr.Trim();
        }
        return process.ExitCode == 0;
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "test-postgres.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}

/// <summary>A fact that runs against PostgreSQL: skipped locally when no server is reachable, never skipped in CI.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!PostgresTestServer.MustRun && PostgresTestServer.ConnectionString is null)
        {
            Skip = PostgresTestServer.UnavailableReason;
        }
    }
}
