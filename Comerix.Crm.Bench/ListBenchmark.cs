using System.Diagnostics;
using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Bench;

/// <summary>
/// The Contacts admin's reads on a big SQLite directory: builds it the way a site loads its history, through
/// <c>events import</c>'s code (<see cref="Backfill.EventBackfill"/>), or reuses the file from an earlier run; then times what each page asks of the database: tiles, the list under every filter and search,
/// and the detail page. One <c>RESULT list …</c> line per case.
/// </summary>
internal static class ListBenchmark
{
    private const string Tenant = "Default";
    private const int Runs = 25;

    /// <summary>
    /// Live contacts per generated event: the stream makes 216,317 of 1,000,000 events (about one event in five is a
    /// new person), and the ratio holds at other sizes, so <c>--contacts N</c> asks for N divided by it.
    /// </summary>
    public const double ContactsPerEvent = 0.2163;

    public static int EventsFor(int contacts) => (int)Math.Ceiling(contacts / ContactsPerEvent);

    public static async Task RunAsync(string file, int eventCount)
    {
        var options = new CrmOptions { DataDirectory = Path.GetDirectoryName(Path.GetFullPath(file))!, ConnectionString = $"Data Source={file}" };
        await using var database = options.OpenDatabase();
        await database.MigrateAsync();
        await using (var db = database.CreateDbContext())
        {
            if (!await db.Activities.AnyAsync())
            {
                await IngestAsync(options, eventCount);
            }
        }

        var builder = new DbContextOptionsBuilder<CrmDbContext>();
        database.Configure(builder);
        if (Environment.GetEnvironmentVariable("COMERIX_BENCH_SQL") == "1")
        {
            // Shows each query's SQL, to EXPLAIN the slow one.
            builder.LogTo(Console.WriteLine, [DbLoggerCategory.Database.Command.Name], Microsoft.Extensions.Logging.LogLevel.Information);
        }
        // Filtered to the tenant, as the module's own context is: the directory leaves the tenant predicate to the filter.
        await using var context = new CrmDbContext(builder.Options, Tenant);
        var directory = new ContactDirectory(context, Comerix.Crm.Data.Search.ContactSearch.For(database.Provider));
        var details = new ContactDetailsReader(context, new ContactFootprintReader(context));
        var inbox = new Comerix.Crm.Activity.ActivityInbox(context);
        var contacts = await context.Contacts.CountAsync(c => c.TenantId == Tenant && c.State == ContactState.Live);
        var activities = await context.Activities.CountAsync();
        Console.WriteLine($"Directory: {contacts:N0} live contacts, {activities:N0} activities in {file}");
        // One identified contact in a hundred marked do not contact for the run (removed at the end), so the
        // Contact preference filter is measured against marks spread through the list, not an empty table.
        await context.Database.ExecuteSqlRawAsync(
            "INSERT INTO crm_do_not_contact (tenant_id, contact_id, reason, created_at, created_by) " +
            "SELECT tenant_id, id, 'unsubscribed', '2026-01-01 00:00:00', 'bench' FROM crm_contacts " +
            "WHERE tenant_id = {0} AND state = 'live' AND is_identified AND id % 100 = 0 ON CONFLICT DO NOTHING", Tenant);
        // The stream sends no external references: one identified contact in a hundred holds a shop's customer number
        // for the run (shopify:9xxxxx, removed at the end), so searching by one is measured against a realistic share.
        await context.Database.ExecuteSqlRawAsync(
            "INSERT INTO crm_identifiers (tenant_id, type, value, display_value, contact_id, contact_state, verified, first_seen) " +
            "SELECT tenant_id, 'external_ref', 'shopify:' || (900000 + id), 'shopify:' || (900000 + id), id, 'live', 0, '2026-01-01 00:00:00' " +
            "FROM crm_contacts WHERE tenant_id = {0} AND state = 'live' AND is_identified AND id % 100 = 0 ON CONFLICT DO NOTHING", Tenant);

        // Stages and owners for the run (cleared at the end): one live contact in ten at a stage (a tenth of those at
        // Customer), one in twenty owned by one of five team members, so "at a stage", "mine" and "unassigned" are
        // measured against shares a working team has.
        await context.Database.ExecuteSqlRawAsync(
            "UPDATE crm_contacts SET stage = CASE WHEN id % 100 = 0 THEN 'customer' ELSE 'lead' END WHERE tenant_id = {0} AND state = 'live' AND id % 10 = 0", Tenant);
        await context.Database.ExecuteSqlRawAsync(
            "UPDATE crm_contacts SET owner_name = 'owner' || (id / 20 % 5) || '@bench.test' WHERE tenant_id = {0} AND state = 'live' AND id % 20 = 0", Tenant);

        // The busiest contact, and one typical one, for the detail page.
        var busiest = await context.Activities.Where(a => a.ContactId != null)
            .GroupBy(a => a.ContactId).OrderByDescending(g => g.Count()).Select(g => g.Key!.Value).FirstAsync();
        var typical = await context.Contacts.Where(c => c.TenantId == Tenant && c.State == ContactState.Live && c.IsIdentified)
            .OrderBy(c => c.Id).Skip(contacts / 3).Select(c => c.Id).FirstAsync();

        var cases = new (string Name, Func<Task> Run)[]
        {
            ("tiles", () => directory.GetTilesAsync(Tenant)),
            ("list-identified", () => directory.ListAsync(Tenant, new ContactListQuery())),
            ("list-all", () => directory.ListAsync(Tenant, new ContactListQuery(Audiences.All))),
            ("list-anonymous", () => directory.ListAsync(Tenant, new ContactListQuery(Audiences.Anonymous))),
            ("list-source-chat", () => directory.ListAsync(Tenant, new ContactListQuery(Source: ContactSources.Chat))),
            ("list-source-conversion-all", () => directory.ListAsync(Tenant, new ContactListQuery(Audiences.All, Source: ContactSources.Conversion))),
            ("list-page-200", () => directory.ListAsync(Tenant, new ContactListQuery(Page: 200))),
            ("list-seen-30d", () => directory.ListAsync(Tenant, new ContactListQuery(Seen: "30d"))),
            ("list-not-seen-90d", () => directory.ListAsync(Tenant, new ContactListQuery(Seen: "before-90d"))),
            ("list-contactable", () => directory.ListAsync(Tenant, new ContactListQuery(Contactable: "yes"))),
            ("list-do-not-contact", () => directory.ListAsync(Tenant, new ContactListQuery(Contactable: "no"))),
            ("list-stage-customer", () => directory.ListAsync(Tenant, new ContactListQuery(Stage: "customer"))),
            ("list-stage-none", () => directory.ListAsync(Tenant, new ContactListQuery(Stage: "none"))),
            ("list-mine", () => directory.ListAsync(Tenant, new ContactListQuery(Owner: "me") { Me = "owner1@bench.test" })),
            ("list-unassigned", () => directory.ListAsync(Tenant, new ContactListQuery(Owner: "none"))),
            ("search-name", () => directory.ListAsync(Tenant, new ContactListQuery(Q: "Person 4711"))),
            ("search-email", () => directory.ListAsync(Tenant, new ContactListQuery(Q: "person90210@"))),
            ("search-no-match", () => directory.ListAsync(Tenant, new ContactListQuery(Audiences.All, Q: "nobody-here"))),
            ("detail-typical", () => ReadDetailAsync(details, typical)),
            ("detail-busiest", () => ReadDetailAsync(details, busiest)),
            ("activity-stream", () => inbox.StreamAsync(Tenant, "all", showAnonymous: false)),
            ("activity-stream-anonymous", () => inbox.StreamAsync(Tenant, "all", showAnonymous: true)),
            ("activity-stream-merges", () => inbox.StreamAsync(Tenant, "merges", showAnonymous: false)),
            ("activity-tiles", () => inbox.GetTilesAsync(Tenant, DateTime.UtcNow.Date.AddDays(-1))),
        };
        // What support staff hold: the start of a chat's conversation id or a visitor id, a shop's reference in full or
        // by its number alone, part of a company name (the stream's companies are "Company 0" to "Company 996").
        var supportSearches = new (string Name, ContactListQuery Query)[]
        {
            ("search-conversation-id", new ContactListQuery(Audiences.All, Q: "conv-4711-")),
            ("search-visitor-id", new ContactListQuery(Audiences.All, Q: "v4711-")),
            ("search-external-ref", new ContactListQuery(Audiences.All, Q: "shopify:9047")),
            ("search-external-ref-number", new ContactListQuery(Audiences.All, Q: "9047")),
            ("search-company", new ContactListQuery(Q: "ompany 99")),
        };
        foreach (var (name, query) in supportSearches)
        {
            Console.WriteLine($"{name} finds {(await directory.ListAsync(Tenant, query)).TotalMatches:N0} contacts");
        }
        cases = [.. cases, .. supportSearches.Select(s => (s.Name, (Func<Task>)(() => directory.ListAsync(Tenant, s.Query))))];
        cases = [.. cases, .. await SegmentCasesAsync(database, context)];
        foreach (var (name, run) in cases)
        {
            for (var i = 0; i < 3; i++)
            {
                await run();
            }
            var timings = new List<double>();
            for (var i = 0; i < Runs; i++)
            {
                var watch = Stopwatch.StartNew();
                await run();
                timings.Add(watch.Elapsed.TotalMilliseconds);
            }
            timings.Sort();
            Console.WriteLine(FormattableString.Invariant(
                $"RESULT list case={name} contacts={contacts} p50_ms={timings[Runs / 2]:F1} p95_ms={timings[(int)(Runs * 0.95)]:F1} max_ms={timings[^1]:F1}"));
        }
        await MeasureExportAsync(database, options, directory, context);
        await MeasureBulkTagAsync(database, options, directory, context);
        await context.Database.ExecuteSqlRawAsync("DELETE FROM crm_do_not_contact WHERE created_by = 'bench'");
        await context.Database.ExecuteSqlRawAsync("UPDATE crm_contacts SET stage = NULL, owner_name = NULL WHERE stage IS NOT NULL OR owner_name IS NOT NULL");
        await context.Database.ExecuteSqlRawAsync("DELETE FROM crm_identifiers WHERE type = 'external_ref' AND value LIKE 'shopify:9%'");
    }

    /// <summary>
    /// Segments of three conditions, one or more on activity, read as the list reads them (first page and count). The
    /// stream's events span its first weeks of 2026, so "the last D days" is counted back from its last event (a
    /// directory of its own clock), as a live site counts back from today.
    /// </summary>
    private static async Task<List<(string Name, Func<Task> Run)>> SegmentCasesAsync(CrmDatabase database, CrmDbContext context)
    {
        // The last time anyone was seen (merge rows on the timeline carry the time the load ran).
        var lastEvent = await context.Contacts.MaxAsync(c => c.LastSeen);
        var atStreamEnd = new ContactDirectory(context, Comerix.Crm.Data.Search.ContactSearch.For(database.Provider), new StreamClock(lastEvent));
        var stages = Comerix.Crm.Contacts.Work.LifecycleStages.Defaults.Select(d => new Comerix.Crm.Contacts.Work.StageChoice(d.Key, d.Label)).ToList();
        static Comerix.Crm.Contacts.Segments.SegmentCondition Did(string type, int times, int days, string test = "did") =>
            new("activity", test, EventType: type, Times: times, Days: days);
        var segments = new (string Name, string Match, Comerix.Crm.Contacts.Segments.SegmentCondition[] Conditions)[]
        {
            // Identified people seen in the last two weeks who bought at least twice in thirty days.
            ("segment-repeat-buyers", "all", [new("identified", "is-yes"), new("last-seen", "within-days", Days: 14), Did("conversion", 2, 30)]),
            // Chat contacts who have not bought in thirty days.
            ("segment-chatted-not-bought", "all", [new("identified", "is-yes"), new("source", "is", ContactSources.Chat), Did("conversion", 1, 30, "did-not")]),
            // Any of: at Customer, three forms in a week, 300 spent in thirty days.
            ("segment-any-of-three", "any", [new("stage", "is", "customer"), Did("form", 3, 7), new("conversion-total", "at-least", "300", Days: 30)]),
        };
        var cases = new List<(string, Func<Task>)>();
        foreach (var (name, match, conditions) in segments)
        {
            var rule = new Comerix.Crm.Contacts.Segments.ResolvedSegment(0, name, new(match, conditions), stages);
            var query = new ContactListQuery(Audiences.All, Segment: name) { SegmentRule = rule };
            Console.WriteLine($"{name} holds {(await atStreamEnd.ListAsync(Tenant, query)).TotalMatches:N0} contacts");
            cases.Add((name, () => atStreamEnd.ListAsync(Tenant, query)));
        }
        return cases;
    }

    /// <summary>A clock stopped at the stream's last event.</summary>
    private sealed class StreamClock(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
    }

    /// <summary>
    /// The list's "Tag all N" on every identified contact, then the same tag removed again (so the directory is left
    /// as it was): contacts per second, best of three rounds.
    /// </summary>
    private static async Task MeasureBulkTagAsync(CrmDatabase database, CrmOptions options, ContactDirectory directory, CrmDbContext context)
    {
        var bulk = new ContactBulkTagger(context, TimeProvider.System, new Comerix.Crm.Audit.AuditLog(AdminOver(database, options)));
        double bestAdd = double.MaxValue, bestRemove = double.MaxValue;
        var contacts = 0;
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            var ids = await directory.IdsAsync(Tenant, new ContactListQuery());
            var added = await bulk.AddAsync(Tenant, ids, "Bench bulk", "bench", "filter");
            bestAdd = Math.Min(bestAdd, watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            var removed = await bulk.RemoveAsync(Tenant, ids, "bench bulk", "bench", "filter");
            bestRemove = Math.Min(bestRemove, watch.Elapsed.TotalMilliseconds);
            if (added.Tagged != ids.Count || removed != ids.Count)
            {
                throw new InvalidOperationException($"tagged {added.Tagged} and removed {removed} of {ids.Count}");
            }
            contacts = ids.Count;
        }
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT list case=bulk-tag-identified contacts={contacts} add_ms={bestAdd:F0} remove_ms={bestRemove:F0} add_contacts_per_s={contacts / (bestAdd / 1000):F0}"));
    }

    /// <summary>The CSV export of every identified contact (the default audience), written to nowhere: rows per second.</summary>
    private static async Task MeasureExportAsync(CrmDatabase database, CrmOptions options, ContactDirectory directory, CrmDbContext context)
    {
        var audit = new Comerix.Crm.Audit.AuditLog(AdminOver(database, options));
        var export = new ContactCsvExport(directory, new ContactTagger(context, TimeProvider.System, audit),
            new Comerix.Crm.Contacts.Fields.CustomFieldDefinitions(context, TimeProvider.System, audit),
            new Comerix.Crm.Contacts.Work.LifecycleStages(context, audit), audit);
        var rows = await directory.CountAsync(Tenant, new ContactListQuery());
        var timings = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            var watch = Stopwatch.StartNew();
            await export.WriteAsync(Tenant, new ContactListQuery(), "bench", Stream.Null, CancellationToken.None);
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }
        var best = timings.Skip(1).Min(); // the first run warms the page cache
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT list case=export-csv-identified rows={rows} best_ms={best:F0} rows_per_s={rows / (best / 1000):F0}"));
    }

    private static Identity.Admin.AdminTransactions AdminOver(CrmDatabase database, CrmOptions options)
    {
        var store = new Data.Sql.SqlIdentityStore(database.Dialect, TimeProvider.System);
        return new Identity.Admin.AdminTransactions(store, new IdentityEngine(store, options.Resolution, TimeProvider.System), TimeProvider.System);
    }

    private static async Task ReadDetailAsync(ContactDetailsReader reader, long id)
    {
        var lookup = await reader.FindAsync(Tenant, id) ?? throw new InvalidOperationException($"contact {id} missing");
        await reader.ReadAsync(lookup.Live!);
    }

    /// <summary>The generated stream written to an NDJSON file and loaded by the backfill, as <c>events import</c> would.</summary>
    private static async Task IngestAsync(CrmOptions options, int eventCount)
    {
        Console.WriteLine($"Building the directory from {eventCount:N0} events by the backfill (reused on the next run)...");
        var history = Path.Combine(options.DataDirectory, "list-history.ndjson.gz");
        BackfillBenchmark.WriteFile(history, eventCount, gzip: true);
        try
        {
            var summary = await BackfillBenchmark.ImportAsync(o =>
            {
                o.DataDirectory = options.DataDirectory;
                o.ConnectionString = options.ConnectionString;
            }, history, batch: null, label: "list");
            Console.WriteLine($"  loaded: {summary.Counts} in {summary.Elapsed.TotalSeconds:N0}s");
        }
        finally
        {
            File.Delete(history);
        }
    }
}
