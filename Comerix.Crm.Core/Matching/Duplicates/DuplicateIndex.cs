namespace Comerix.Crm.Matching.Duplicates;

/// <summary>
/// The live contacts of one tenant, prepared and filed under their blocking keys, kept up to date as contacts change:
/// a background job builds it once (or runs <see cref="DuplicateFinder.FindPairs"/>), then for each new or changed
/// contact calls <see cref="AddOrUpdate"/> and <see cref="FindFor(DuplicateCandidate)"/>, which compares that contact
/// with the few sharing a key (milliseconds), and <see cref="Remove"/> for a contact merged away or erased.
/// Not thread-safe for writes: one job owns it. Reads (<see cref="FindFor(DuplicateCandidate)"/>) may run in parallel
/// with each other.
/// </summary>
internal sealed class DuplicateIndex
{
    private readonly List<PreparedCandidate?> _slots = [];
    private readonly List<IReadOnlyList<string>> _slotKeys = [];
    private readonly Dictionary<long, int> _slotById = [];
    private readonly Dictionary<string, List<int>> _blocks = new(StringComparer.Ordinal);
    private readonly NameFrequencies _frequencies = new();

    /// <summary>Contacts held.</summary>
    public int Count => _slotById.Count;

    /// <summary>Files the contact under its keys, replacing what was filed for it before.</summary>
    public void AddOrUpdate(DuplicateCandidate candidate) => Add(new PreparedCandidate(candidate));

    internal void Add(PreparedCandidate prepared)
    {
        Remove(prepared.Id);
        var slot = _slots.Count;
        var keys = DuplicateBlocking.Keys(prepared);
        _slots.Add(prepared);
        _slotKeys.Add(keys);
        _slotById[prepared.Id] = slot;
        _frequencies.Add(prepared.Name);
        foreach (var key in keys)
        {
            if (!_blocks.TryGetValue(key, out var members))
            {
                _blocks[key] = members = new List<int>(2);
            }
            members.Add(slot);
        }
    }

    /// <summary>Takes a contact out (merged away, erased, no longer live). False when it was not held.</summary>
    public bool Remove(long contactId)
    {
        if (!_slotById.Remove(contactId, out var slot))
        {
            return false;
        }
        foreach (var key in _slotKeys[slot])
        {
            var members = _blocks[key];
            members.Remove(slot);
            if (members.Count == 0)
            {
                _blocks.Remove(key);
            }
        }
        _frequencies.Remove(_slots[slot]!.Name);
        _slots[slot] = null;
        _slotKeys[slot] = [];
        return true;
    }

    /// <summary>
    /// The pairs the contact makes with the contacts held (itself excepted, whether held or not), proposed ones only,
    /// strongest first, with those a third contact carries (<see cref="DuplicateCorroboration.ApplyFor"/>): its weak
    /// pairs, and weak pairs between two contacts it matches well. Pairs holding one identifier are left out.
    /// </summary>
    /// <param name="notTheSame">Pairs (lower id first) a person said are two people: never a link for another pair.</param>
    public IReadOnlyList<DuplicatePair> FindFor(DuplicateCandidate candidate, IReadOnlySet<(long, long)>? notTheSame = null)
    {
        var prepared = new PreparedCandidate(candidate);
        var seen = new HashSet<int>();
        var pairs = new List<DuplicatePair>();
        foreach (var key in DuplicateBlocking.Keys(prepared))
        {
            if (!_blocks.TryGetValue(key, out var members))
            {
                continue;
            }
            foreach (var slot in members.Count <= DuplicateBlocking.MaxBlockSize ? members : Neighbours(members, prepared))
            {
                var other = _slots[slot]!;
                if (other.Id == prepared.Id || !seen.Add(slot) || prepared.SharesIdentifierWith(other))
                {
                    continue;
                }
                var score = DuplicateScorer.Score(prepared, other, _frequencies);
                if (score.Value >= DuplicateCorroboration.Floor)
                {
                    pairs.Add(DuplicatePair.Of(prepared.Id, other.Id, score));
                }
            }
        }
        var proposed = DuplicateCorroboration.ApplyFor(prepared.Id, pairs, ScoreHeld, notTheSame);
        return [.. proposed.DistinctBy(p => (p.LowId, p.HighId)).OrderByDescending(p => p.Score).ThenBy(p => p.LowId).ThenBy(p => p.HighId)];
    }

    /// <summary>Two held contacts scored, or null when either is not held or they hold one identifier.</summary>
    private DuplicateScore? ScoreHeld(long a, long b)
    {
        if (!_slotById.TryGetValue(a, out var slotA) || !_slotById.TryGetValue(b, out var slotB))
        {
            return null;
        }
        var (x, y) = (_slots[slotA]!, _slots[slotB]!);
        return x.SharesIdentifierWith(y) ? null : DuplicateScorer.Score(x, y, _frequencies);
    }

    /// <summary>Every pair a full pass proposes: what <see cref="DuplicateFinder.FindPairs"/> returns.</summary>
    internal DuplicateSearch FindAll(double minimumScore, CancellationToken cancellationToken) => FindAll(minimumScore, null, cancellationToken);

    /// <param name="notTheSame">Pairs (lower id first) a person said are two people: never a link for another pair.</param>
    internal DuplicateSearch FindAll(double minimumScore, IReadOnlySet<(long, long)>? notTheSame, CancellationToken cancellationToken)
    {
        var candidatePairs = new List<long>();
        var blocks = 0;
        var oversized = 0;
        foreach (var members in _blocks.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (members.Count < 2)
            {
                continue;
            }
            blocks++;
            if (members.Count <= DuplicateBlocking.MaxBlockSize)
            {
                for (var i = 0; i < members.Count; i++)
                {
                    for (var j = i + 1; j < members.Count; j++)
                    {
                        candidatePairs.Add(PairKey(members[i], members[j]));
                    }
                }
                continue;
            }
            oversized++;
            var sorted = members.OrderBy(s => _slots[s]!.Name.SortKey, StringComparer.Ordinal).ToArray();
            for (var i = 0; i < sorted.Length; i++)
            {
                for (var j = i + 1; j <= i + DuplicateBlocking.Window && j < sorted.Length; j++)
                {
                    candidatePairs.Add(PairKey(sorted[i], sorted[j]));
                }
            }
        }
        // A pair sharing several keys is listed once per key: sorted, each is scored once.
        candidatePairs.Sort();
        var distinct = Distinct(candidatePairs);
        var (scored, skipped) = Score(distinct, Math.Min(minimumScore, DuplicateCorroboration.Floor), cancellationToken);
        var pairs = DuplicateCorroboration.Apply(scored, DuplicateScorer.Threshold, keepFrom: minimumScore, notTheSame);
        return new DuplicateSearch(pairs, new DuplicateSearchStats(Count, blocks, oversized, distinct.Length, skipped));
    }

    private (List<DuplicatePair> Pairs, long Skipped) Score(long[] candidatePairs, double minimumScore, CancellationToken cancellationToken)
    {
        var found = new List<DuplicatePair>();
        long skipped = 0;
        var gate = new object();
        // Chunks, not single pairs: one scored pair is about a microsecond, too little to hand out one by one.
        const int chunk = 4096;
        Parallel.For(0, (candidatePairs.Length + chunk - 1) / chunk, new ParallelOptions { CancellationToken = cancellationToken },
            () => (Pairs: new List<DuplicatePair>(), Skipped: 0L),
            (c, _, local) =>
            {
                var end = Math.Min(candidatePairs.Length, (c + 1) * chunk);
                for (var p = c * chunk; p < end; p++)
                {
                    var a = _slots[(int)(candidatePairs[p] >> 32)]!;
                    var b = _slots[(int)(candidatePairs[p] & 0xFFFFFFFF)]!;
                    if (a.SharesIdentifierWith(b))
                    {
                        local.Skipped++;
                        continue;
                    }
                    var score = DuplicateScorer.Score(a, b, _frequencies);
                    if (score.Value >= minimumScore)
                    {
                        local.Pairs.Add(DuplicatePair.Of(a.Id, b.Id, score));
                    }
                }
                return local;
            },
            local =>
            {
                lock (gate)
                {
                    found.AddRange(local.Pairs);
                    skipped += local.Skipped;
                }
            });
        found.Sort((x, y) => x.LowId != y.LowId ? x.LowId.CompareTo(y.LowId) : x.HighId.CompareTo(y.HighId));
        return (found, skipped);
    }

    /// <summary>The members of an oversized block nearest the contact in name order, <see cref="DuplicateBlocking.Window"/> each side.</summary>
    private List<int> Neighbours(List<int> members, PreparedCandidate candidate)
    {
        var sorted = members.OrderBy(s => _slots[s]!.Name.SortKey, StringComparer.Ordinal).ToList();
        var key = candidate.Name.SortKey;
        var at = sorted.FindIndex(s => string.CompareOrdinal(_slots[s]!.Name.SortKey, key) >= 0);
        at = at < 0 ? sorted.Count : at;
        var from = Math.Max(0, at - DuplicateBlocking.Window);
        return sorted.GetRange(from, Math.Min(sorted.Count, at + DuplicateBlocking.Window) - from);
    }

    private static long PairKey(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    private static long[] Distinct(List<long> sorted)
    {
        var distinct = new List<long>(sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                distinct.Add(sorted[i]);
            }
        }
        return [.. distinct];
    }
}
