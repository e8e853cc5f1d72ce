using System.Text.Json;
using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// The duplicate finder's suggestions as the directory keeps them (<c>crm_duplicate_suggestions</c>): what the finder
/// reads of the contacts, how its pairs are stored (a dismissed pair stays dismissed), and what the admin sees.
/// </summary>
internal static class DuplicateSuggestions
{
    public const string Open = "open";
    public const string Dismissed = "dismissed";

    /// <summary>Traits that help find duplicates when an admin has chosen none.</summary>
    public static readonly IReadOnlyList<string> DefaultTraitKeys = ["birth_date", "postcode", "city", "street"];

    public static async Task<IReadOnlyList<string>> TraitKeysAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        await db.DuplicateSettings.AsNoTracking().Select(s => s.TraitKeys).FirstOrDefaultAsync(cancellationToken) is { } keys
            ? keys.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : DefaultTraitKeys;

    /// <summary>What one read of the directory gave the finder.</summary>
    /// <param name="Gone">Contacts read that are no longer live (merged away since they were filed).</param>
    /// <param name="LastChanged">The last row read (its change time and id): where the next read starts.</param>
    /// <param name="Rows">How many rows were read, live or not (a read that reached its limit has more waiting).</param>
    public sealed record CandidateRead(List<DuplicateCandidate> Candidates, List<long> Gone, (DateTime At, long Id)? LastChanged, int Rows);

    /// <summary>
    /// The live contacts as the finder sees them; with <paramref name="changedSince"/>, only those changed after it, the
    /// earliest first and at most <paramref name="limit"/> (the rest wait for the next round). A commit gives all its contacts
    /// one change time, so the position is the time and the id.
    /// </summary>
    public static async Task<CandidateRead> ReadCandidatesAsync(
        CrmDbContext db, IReadOnlyList<string> traitKeys, (DateTime At, long Id)? changedSince, int limit, CancellationToken cancellationToken)
    {
        var contacts = db.Contacts.AsNoTracking();
        if (changedSince is var (since, afterId))
        {
            contacts = contacts.Where(c => c.UpdatedAt > since || (c.UpdatedAt == since && c.Id > afterId))
                .OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id).Take(limit);
        }
        else
        {
            contacts = contacts.Where(c => c.State == ContactState.Live && (c.IsIdentified || c.DisplayName != null));
        }
        var read = await contacts.Select(c => new { c.Id, c.State, c.UpdatedAt, c.DisplayName, c.Company, c.TraitsJson }).ToListAsync(cancellationToken);
        var rows = read.Where(c => c.State == ContactState.Live).ToList();
        var identifiers = db.Identifiers.AsNoTracking().Where(i => i.Type == IdentifierTypes.Email || i.Type == IdentifierTypes.Phone);
        if (changedSince is not null)
        {
            var ids = rows.Select(r => r.Id).ToList();
            identifiers = identifiers.Where(i => ids.Contains(i.ContactId));
        }
        var held = rows.Count == 0 ? Enumerable.Empty<(long ContactId, string Type, string DisplayValue)>().ToLookup(i => i.ContactId)
            : (await identifiers.Select(i => new { i.ContactId, i.Type, i.DisplayValue }).ToListAsync(cancellationToken))
                .Select(i => (i.ContactId, i.Type, i.DisplayValue)).ToLookup(i => i.ContactId);
        // An anonymous visitor (no name, email or phone) gives the finder nothing to compare: most new contacts are such.
        var candidates = rows.Select(r => new DuplicateCandidate(r.Id, r.DisplayName,
            held[r.Id].Where(i => i.Type == IdentifierTypes.Email).Select(i => i.DisplayValue).ToList(),
            held[r.Id].Where(i => i.Type == IdentifierTypes.Phone).Select(i => i.DisplayValue).ToList(),
            r.Company, TraitsFor(r.TraitsJson, traitKeys)))
            .Where(c => !string.IsNullOrWhiteSpace(c.DisplayName) || c.Emails.Count > 0 || c.Phones.Count > 0).ToList();
        return new CandidateRead(candidates, read.Where(c => c.State != ContactState.Live).Select(c => c.Id).ToList(),
            read.Count > 0 ? (read[^1].UpdatedAt, read[^1].Id) : null, read.Count);
    }

    /// <summary>What the finder compares of a candidate, as one number: a change that leaves it equal (a visit) needs no new look.</summary>
    public static int Fingerprint(DuplicateCandidate c)
    {
        var hash = new HashCode();
        hash.Add(c.DisplayName);
        hash.Add(c.Company);
        foreach (var value in c.Emails.Concat(c.Phones).Concat(c.Traits.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value)))
        {
            hash.Add(value);
        }
        return hash.ToHashCode();
    }

    private static Dictionary<string, string> TraitsFor(string? json, IReadOnlyList<string> keys)
    {
        var chosen = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json is null || keys.Count == 0)
        {
            return chosen;
        }
        foreach (var (key, value) in Resolution.ContactProfile.ReadTraits(json))
        {
            if (keys.Contains(key, StringComparer.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(value))
            {
                chosen[key] = value;
            }
        }
        return chosen;
    }

    /// <summary>
    /// Files new pairs as open suggestions; an open one's score and reasons follow the newest pass; a dismissed pair, or
    /// one rejected in merge review (not the same person), is left as it is.
    /// </summary>
    /// <returns>How many pairs were new.</returns>
    /// <param name="notTheSame">The pairs a person decided are two people (<see cref="NotTheSameAsync"/>), read once by the caller.</param>
    public static async Task<int> SaveAsync(CrmDbContext db, string tenantId, IReadOnlyCollection<DuplicatePair> pairs,
        IReadOnlySet<(long, long)> notTheSame, DateTime now, CancellationToken cancellationToken)
    {
        if (pairs.Count == 0)
        {
            return 0;
        }
        var added = 0;
        foreach (var chunk in pairs.Where(p => !notTheSame.Contains((p.LowId, p.HighId))).Chunk(500))
        {
            var lows = chunk.Select(p => p.LowId).Distinct().ToList();
            var existing = (await db.DuplicateSuggestions.Where(s => lows.Contains(s.ContactLowId)).ToListAsync(cancellationToken))
                .ToDictionary(s => (s.ContactLowId, s.ContactHighId));
            foreach (var pair in chunk)
            {
                var reasons = JsonSerializer.Serialize(pair.Reasons);
                if (existing.TryGetValue((pair.LowId, pair.HighId), out var known))
                {
                    if (known.Status == Open)
                    {
                        (known.Score, known.ReasonsJson) = (pair.Score, reasons);
                    }
                    continue;
                }
                db.DuplicateSuggestions.Add(new DuplicateSuggestion
                {
                    TenantId = tenantId, ContactLowId = pair.LowId, ContactHighId = pair.HighId, Score = pair.Score,
                    ReasonsJson = reasons, Status = Open, FoundAt = now,
                });
                added++;
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        return added;
    }

    /// <summary>
    /// Takes back the open suggestions a pass no longer proposes (a name corrected, a birth date added that differs),
    /// and those a person has since said are two people (a merge rejected in review, or undone): a suggestion is the
    /// finder's guess, not a decision, and it follows the newest look at the pair. Dismissed ones stay. With
    /// <paramref name="checkedIds"/> only the suggestions holding one of those contacts are looked at (the incremental
    /// round); without, all of them (a full pass).
    /// </summary>
    /// <param name="notTheSame">The pairs a person decided are two people (<see cref="NotTheSameAsync"/>), read once by the caller.</param>
    /// <returns>How many were taken back.</returns>
    public static async Task<int> RetireAsync(CrmDbContext db, IReadOnlyCollection<long>? checkedIds, IReadOnlyCollection<DuplicatePair> proposed,
        IReadOnlySet<(long, long)> notTheSame, CancellationToken cancellationToken)
    {
        var keep = proposed.Select(p => (p.LowId, p.HighId)).Where(p => !notTheSame.Contains(p)).ToHashSet();
        var open = db.DuplicateSuggestions.Where(s => s.Status == Open);
        List<DuplicateSuggestion> looked;
        if (checkedIds is null)
        {
            looked = await open.ToListAsync(cancellationToken);
        }
        else
        {
            looked = [];
            // Two index ranges (low side, high side) rather than an OR, which would read every open suggestion.
            foreach (var chunk in checkedIds.Chunk(500))
            {
                looked.AddRange(await open.Where(s => chunk.Contains(s.ContactLowId)).ToListAsync(cancellationToken));
                looked.AddRange(await open.Where(s => chunk.Contains(s.ContactHighId)).ToListAsync(cancellationToken));
            }
        }
        var stale = looked.Where(s => !keep.Contains((s.ContactLowId, s.ContactHighId))).DistinctBy(s => (s.ContactLowId, s.ContactHighId)).ToList();
        db.DuplicateSuggestions.RemoveRange(stale);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return stale.Count;
    }

    private static async Task<HashSet<(long, long)>> RejectedInReviewAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        (await db.MergeReviews.AsNoTracking().Where(r => r.Status == MergeReviewStatus.Rejected)
            .Select(r => new { r.ContactLowId, r.ContactHighId }).ToListAsync(cancellationToken))
            .Select(r => (r.ContactLowId, r.ContactHighId)).ToHashSet();

    /// <summary>
    /// The pairs a person said are two people, lower id first: dismissed here ("Not the same") or rejected in merge
    /// review. The finder never lets them carry another pair through a third contact.
    /// </summary>
    public static async Task<HashSet<(long, long)>> NotTheSameAsync(CrmDbContext db, CancellationToken cancellationToken)
    {
        var pairs = await RejectedInReviewAsync(db, cancellationToken);
        pairs.UnionWith((await db.DuplicateSuggestions.AsNoTracking().Where(s => s.Status == Dismissed)
            .Select(s => new { s.ContactLowId, s.ContactHighId }).ToListAsync(cancellationToken))
            .Select(s => (s.ContactLowId, s.ContactHighId)));
        return pairs;
    }

    /// <summary>
    /// Open suggestions whose two contacts are both still live and not known to be two people, strongest first; for one
    /// contact when given.
    /// </summary>
    public static IQueryable<DuplicateSuggestion> OpenBetweenLive(CrmDbContext db, long? contactId = null)
    {
        var live = db.Contacts.Where(c => c.State == ContactState.Live).Select(c => c.Id);
        // A pair rejected in merge review, or whose merge was undone, is not the same person: a suggestion filed before
        // that is not shown again, from the moment of the decision (a later pass of the job takes the row back).
        var notTheSame = db.MergeReviews.Where(r => r.Status == MergeReviewStatus.Rejected);
        var open = db.DuplicateSuggestions.AsNoTracking().Where(s => s.Status == Open);
        if (contactId is { } id)
        {
            // Two index ranges (the key by the low side, ix_crm_duplicate_suggestions_high by the high one), not an OR
            // that would read every open suggestion of the tenant on each profile view.
            open = open.Where(s => s.ContactLowId == id).Concat(open.Where(s => s.ContactHighId == id));
        }
        return open.Where(s => live.Contains(s.ContactLowId) && live.Contains(s.ContactHighId)
                && !notTheSame.Any(r => r.ContactLowId == s.ContactLowId && r.ContactHighId == s.ContactHighId))
            .OrderByDescending(s => s.Score).ThenBy(s => s.ContactLowId).ThenBy(s => s.ContactHighId);
    }

    public static IReadOnlyList<string> Reasons(DuplicateSuggestion suggestion) =>
        JsonSerializer.Deserialize<List<string>>(suggestion.ReasonsJson) ?? [];
}
