using System.Text;
using System.Text.Json;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Import;
using Comerix.Crm.Matching.Duplicates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Identity.IdentifierTypes;

namespace Comerix.Crm.Bench.Dedupe;

/// <summary>
/// Puts a labelled file through the product's CSV import (upload, mapping, the background runner), as an admin
/// would, then reads the live contacts back. Each row carries its record id as an external reference
/// ("label:ID"): every row then has something to be known by (a record with neither e-mail nor phone still imports),
/// and a contact's references say which records it holds, however the engine joined them.
/// </summary>
internal static class DedupeImport
{
    private const string Tenant = "Default";
    private const string RecordNamespace = "label";
    // Well under the import's limits (100,000 rows and 10 MB a file).
    private const int RowsPerFile = 25_000;

    public static async Task<List<LabelledContact>> RunAsync(IReadOnlyList<LabelledRow> rows, string phoneRegion)
    {
        var directory = Path.Combine(Path.GetTempPath(), "comerix-bench", "dedupe-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection().AddLogging().AddComerixCrm(o =>
        {
            o.DataDirectory = directory;
            o.Resolution.DefaultPhoneRegion = phoneRegion;
        });
        await using var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<CrmDatabase>().MigrateAsync();
            var traitKeys = rows.SelectMany(r => r.Traits.Select(t => t.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            foreach (var slice in rows.Chunk(RowsPerFile))
            {
                await ImportAsync(provider, slice, traitKeys);
            }
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.ScopeTo(Tenant);
            foreach (var job in await db.ImportJobs.AsNoTracking().ToListAsync())
            {
                Console.WriteLine($"  import: {job.Status}, rows={job.TotalRows:N0} created={job.Created:N0} attached={job.Attached:N0} " +
                    $"merged={job.Merged:N0} review={job.QueuedForReview:N0} failed={job.Failed:N0}");
            }
            return await ReadContactsAsync(db, rows, traitKeys);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task ImportAsync(ServiceProvider provider, IReadOnlyList<LabelledRow> rows, IReadOnlyList<string> traitKeys)
    {
        // The file as an admin would prepare it: one column per field, the record id as an external reference.
        var columns = new List<(string Header, string Mapping, Func<LabelledRow, string?> Value)>
        {
            ("record_ref", ImportFields.ExternalRef, r => $"{RecordNamespace}:{r.RecordId}"),
            ("name", ImportFields.Name, r => r.Field("name")),
            ("first_name", ImportFields.Trait, r => r.Field("first_name")),
            ("last_name", ImportFields.Trait, r => r.Field("last_name")),
            ("email", ImportFields.Email, r => r.Field("email")),
            ("phone", ImportFields.Phone, r => r.Field("phone")),
            ("company", ImportFields.Company, r => r.Field("company")),
        };
        columns.AddRange(traitKeys.Select(k => (k, ImportFields.Trait, (Func<LabelledRow, string?>)(r => r.Field("trait:" + k)))));
        var csv = new StringBuilder(string.Join(',', columns.Select(c => LabelledRow.Quoted(c.Header)))).Append('\n');
        foreach (var row in rows)
        {
            csv.AppendJoin(',', columns.Select(c => LabelledRow.Quoted(c.Value(row) ?? ""))).Append('\n');
        }
        await using (var scope = provider.CreateAsyncScope())
        {
            var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
            var upload = await imports.UploadAsync(Tenant, "labelled.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "bench", CancellationToken.None);
            var job = upload.Job ?? throw new InvalidOperationException(upload.Error);
            await imports.StartAsync(Tenant, job.Id, columns.Select(c => c.Mapping).ToList(), "bench", CancellationToken.None);
        }
        await provider.GetRequiredService<ImportRunner>().RunPendingAsync(CancellationToken.None);
    }

    /// <summary>The live contacts with their e-mails, phones (E.164) and the mapped traits, and the records each holds.</summary>
    private static async Task<List<LabelledContact>> ReadContactsAsync(CrmDbContext db, IReadOnlyList<LabelledRow> rows, IReadOnlyList<string> traitKeys)
    {
        var clusterOf = rows.ToDictionary(r => r.RecordId, r => r.ClusterId, StringComparer.Ordinal);
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.State == ContactState.Live)
            .Select(c => new { c.Id, c.DisplayName, c.Company, c.TraitsJson }).ToListAsync();
        var identifiers = (await db.Identifiers.AsNoTracking().Where(i => i.Type == Email || i.Type == Phone || i.Type == ExternalRef)
            .Select(i => new { i.ContactId, i.Type, i.Value }).ToListAsync()).ToLookup(i => i.ContactId);
        var helps = traitKeys.ToHashSet(StringComparer.Ordinal);
        return contacts.Select(c =>
        {
            var held = identifiers[c.Id].ToList();
            var records = held.Where(i => i.Type == ExternalRef && i.Value.StartsWith(RecordNamespace + ":", StringComparison.Ordinal))
                .Select(i => i.Value[(RecordNamespace.Length + 1)..]).ToList();
            var traits = (c.TraitsJson is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(c.TraitsJson) ?? [])
                .Where(t => helps.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            var candidate = new DuplicateCandidate(c.Id, c.DisplayName,
                held.Where(i => i.Type == Email).Select(i => i.Value).ToList(), held.Where(i => i.Type == Phone).Select(i => i.Value).ToList(),
                c.Company, traits);
            return new LabelledContact(candidate, records.Select(r => clusterOf[r]).ToHashSet(StringComparer.Ordinal), records.Count);
        }).ToList();
    }
}
