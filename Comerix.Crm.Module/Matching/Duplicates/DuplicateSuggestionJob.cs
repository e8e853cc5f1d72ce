using Comerix.Crm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// Finds potential duplicates in the background (issue 20): a full pass over each tenant's live contacts when the site
/// starts and then hourly, and between passes every few seconds the contacts changed since (new ones, renamed ones,
/// new phone or email), each checked against the tenant's index. Suggestions only: nothing is ever merged here.
/// Several site processes may run it at once; saving a pair twice is one row.
/// </summary>
internal sealed class DuplicateSuggestionJob(
    CrmDatabase database, CrmOptions options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<DuplicateSuggestionJob> logger)
    : BackgroundService
{
    private static readonly TimeSpan FullPassEvery = TimeSpan.FromHours(1);

    /// <summary>Changed contacts looked at per tenant and round: a burst of ingestion is worked through over several rounds.</summary>
    private const int ChangedPerRound = 5_000;

    private sealed class TenantIndex(DuplicateIndex index, DateTime watermark, DateTime fullPassAt, Dictionary<long, int> fingerprints)
    {
        public DuplicateIndex Index { get; } = index;

        /// <summary>The last change looked at: its time and the contact's id.</summary>
        public (DateTime At, long Id) Watermark { get; set; } = (watermark, long.MaxValue);
        public DateTime FullPassAt { get; } = fullPassAt;

        /// <summary>What each filed contact looked like to the finder: most changes are visits, which change nothing it compares.</summary>
        public Dictionary<long, int> Fingerprints { get; } = fingerprints;
    }

    private readonly Dictionary<string, TenantIndex> _tenants = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _running = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not before the site has started: a host that migrates in its own set-up (SiteHost) has its tables only then.
        if (!await Hosting.HostStarted.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                DuplicateLog.RoundFailed(logger, ex.GetType().Name);
            }
            try
            {
                await Task.Delay(options.DuplicateCheckInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round over every tenant: a full pass where one is due, else the contacts changed since the last round.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await _running.WaitAsync(cancellationToken);
        try
        {
            await using var siteWide = database.CreateDbContext();
            // Every tenant with contacts has counter rows; read across tenants on purpose, to visit each.
            var tenants = await siteWide.ContactCounts.IgnoreQueryFilters([CrmDbContext.TenantFilter])
                .Select(c => c.TenantId).Distinct().ToListAsync(cancellationToken);
            foreach (var tenant in tenants)
            {
                await using var db = database.CreateDbContext(tenant);
                await CheckTenantAsync(db, tenant, cancellationToken);
            }
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task CheckTenantAsync(CrmDbContext db, string tenant, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var traitKeys = await DuplicateSuggestions.TraitKeysAsync(db, cancellationToken);
        if (!_tenants.TryGetValue(tenant, out var state) || now - state.FullPassAt > FullPassEvery)
        {
            // Changes made while the pass reads are caught by the next round: the watermark is taken before reading.
            var started = now;
            var all = await DuplicateSuggestions.ReadCandidatesAsync(db, traitKeys, null, int.MaxValue, cancellationToken);
            var index = DuplicateFinder.Index(all.Candidates, cancellationToken);
            var decided = await DuplicateSuggestions.NotTheSameAsync(db, cancellationToken);
            var found = index.FindAll(DuplicateScorer.Threshold, decided, cancellationToken);
            var added = await DuplicateSuggestions.SaveAsync(db, tenant, found.Pairs, decided, now, cancellationToken);
            await DuplicateSuggestions.RetireAsync(db, null, found.Pairs, decided, cancellationToken);
            _tenants[tenant] = new TenantIndex(index, started.AddSeconds(-1), started,
                all.Candidates.ToDictionary(c => c.ContactId, DuplicateSuggestions.Fingerprint));
            var seconds = (time.GetUtcNow().UtcDateTime - started).TotalSeconds;
            DuplicateLog.FullPass(logger, tenant, found.Stats.Candidates, found.Pairs.Count, added, seconds);
            return;
        }
        var changed = await DuplicateSuggestions.ReadCandidatesAsync(db, traitKeys, state.Watermark, ChangedPerRound, cancellationToken);
        foreach (var id in changed.Gone)
        {
            state.Index.Remove(id);
            state.Fingerprints.Remove(id);
        }
        var pairs = new List<DuplicatePair>();
        HashSet<(long, long)>? notTheSame = null;
        var checkedIds = new List<long>();
        foreach (var candidate in changed.Candidates)
        {
            var fingerprint = DuplicateSuggestions.Fingerprint(candidate);
            if (state.Fingerprints.TryGetValue(candidate.ContactId, out var known) && known == fingerprint)
            {
                continue;
            }
            notTheSame ??= await DuplicateSuggestions.NotTheSameAsync(db, cancellationToken);
            pairs.AddRange(DuplicateFinder.FindFor(candidate, state.Index, notTheSame));
            checkedIds.Add(candidate.ContactId);
            state.Index.AddOrUpdate(candidate);
            state.Fingerprints[candidate.ContactId] = fingerprint;
        }
        var proposed = pairs.DistinctBy(p => (p.LowId, p.HighId)).ToList();
        notTheSame ??= [];
        await DuplicateSuggestions.SaveAsync(db, tenant, proposed, notTheSame, now, cancellationToken);
        await DuplicateSuggestions.RetireAsync(db, checkedIds, proposed, notTheSame, cancellationToken);
        // A full round moves the watermark to just before now; a round cut at its limit continues where it stopped.
        state.Watermark = changed.Rows < ChangedPerRound ? (now.AddSeconds(-1), long.MaxValue) : changed.LastChanged ?? state.Watermark;
    }
}

internal static partial class DuplicateLog
{
    [LoggerMessage(EventId = CrmLogEvents.Duplicates + 1, Level = LogLevel.Information,
        Message = "Duplicate pass of tenant {Tenant}: {Candidates} contacts, {Pairs} suggestions ({Added} new) in {Seconds:0.0} s")]
    public static partial void FullPass(ILogger logger, string tenant, int candidates, int pairs, int added, double seconds);

    [LoggerMessage(EventId = CrmLogEvents.Duplicates + 2, Level = LogLevel.Warning, Message = "A duplicate check round failed ({Error}); the next round tries again")]
    public static partial void RoundFailed(ILogger logger, string error);
}
