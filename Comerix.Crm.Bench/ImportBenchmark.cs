using System.Diagnostics;
using System.Text;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Import;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Identity.IdentifierTypes;

namespace Comerix.Crm.Bench;

/// <summary>
/// A CSV import through the module's own services, on a fresh SQLite directory that already knows half the people in
/// the file (a form brought their email earlier): upload and mapping, then the background runner, timed.
/// One <c>RESULT import …</c> line.
/// </summary>
internal static class ImportBenchmark
{
    private const string Tenant = "Default";

    public static async Task RunAsync(int rows)
    {
        var directory = Path.Combine(Path.GetTempPath(), "comerix-bench", "import-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection().AddLogging().AddComerixCrm(o => o.DataDirectory = directory);
        await using var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<CrmDatabase>().MigrateAsync();
            var engine = provider.GetRequiredService<IdentityEngine>();
            // The people the site already knows: every even row of the file.
            foreach (var known in Enumerable.Range(0, rows / 2).Chunk(2_000))
            {
                await engine.IngestBatchAsync(Tenant, known.Select(i => new CrmEvent
                {
                    Id = $"known-{i}", Type = "form", OccurredAt = DateTimeOffset.UtcNow,
                    Claims = [new IdentityClaim(Email, $"person{i * 2}@example.com")],
                }).ToList());
            }

            var csv = new StringBuilder("Name,Email,Phone,Company,Plan\n");
            for (var i = 0; i < rows; i++)
            {
                // One row in fifty has an email that cannot be one: it is reported, not imported.
                var email = i % 50 == 49 ? $"person{i}-at-example.com" : $"person{i}@example.com";
                csv.Append($"Person {i},{email},+1 415 {555 + i / 10_000 % 400:D3} {i % 10_000:D4},\"Company {i % 997}, Ltd\",{(i % 3 == 0 ? "pro" : "free")}\n");
            }

            var watch = Stopwatch.StartNew();
            await using (var scope = provider.CreateAsyncScope())
            {
                var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
                var upload = await imports.UploadAsync(Tenant, "bench.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "bench", CancellationToken.None);
                var job = upload.Job ?? throw new InvalidOperationException(upload.Error);
                await imports.StartAsync(Tenant, job.Id, ImportService.Mapping(job), "bench", CancellationToken.None);
            }
            await provider.GetRequiredService<ImportRunner>().RunPendingAsync(CancellationToken.None);
            var seconds = watch.Elapsed.TotalSeconds;

            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
                var job = db.ImportJobs.Single();
                Console.WriteLine($"  import: {job.Status}, created={job.Created:N0} attached={job.Attached:N0} merged={job.Merged:N0} " +
                    $"review={job.QueuedForReview:N0} failed={job.Failed:N0}");
            }
            Console.WriteLine(FormattableString.Invariant(
                $"RESULT import provider=sqlite rows={rows} seconds={seconds:F1} rows_per_s={rows / seconds:F0}"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
