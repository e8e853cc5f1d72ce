using Comerix.Crm.Data.Sql;
using Comerix.Crm.Tests.Erasure;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Tests.Data;

/// <summary>A background checkpoint that fails is logged (it used to be dropped), once a minute at most, and the checkpointer goes on.</summary>
public sealed class CheckpointFailureLogTests
{
    [Fact]
    public async Task AFailingCheckpointIsLoggedOnceAMinuteAndTheCheckpointerGoesOn()
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        // A folder that does not exist: the checkpointer's connection cannot open the file.
        var missing = Path.Combine(Path.GetTempPath(), "comerix-missing-" + Guid.NewGuid().ToString("N"), "crm.db");
        using var checkpointer = new SqliteBackgroundCheckpointer($"Data Source={missing}", factory.CreateLogger("checkpoint"));

        for (var commit = 0; commit < 5; commit++)
        {
            checkpointer.RequestCheckpoint();
            await Task.Delay(50);
        }
        for (var waited = 0; waited < 100 && logs.WithEventId(CrmLogEvents.Storage + 2).Count == 0; waited++)
        {
            await Task.Delay(50);
        }

        var line = Assert.Single(logs.WithEventId(CrmLogEvents.Storage + 2));
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(line.Exception);
        Assert.Equal(1, line.Values["Failures"]);
    }
}
