namespace Comerix.Crm.Data.Sql;

/// <summary>
/// PostgreSQL ids: sequences, fetched in blocks sized to what the unit of work announced it may need (see
/// <see cref="IIdAllocator.Reserve"/>), every sequence with an open reservation in the same statement: a batch of
/// events fetches its contact and activity ids in one round trip. Sequences never block concurrent writers; ids
/// fetched and not used are gaps, which are harmless.
/// </summary>
internal sealed class SequenceIdAllocator(SqlSession session) : IIdAllocator
{
    /// <summary>A block's size when nothing was reserved (and the least one fetched).</summary>
    private const int MinimumBlock = 64;

    /// <summary>The largest block one statement fetches: a reservation above it is fetched in several.</summary>
    private const int MaximumBlock = 10_000;

    private static readonly IdSequence[] Sequences = Enum.GetValues<IdSequence>();

    // One text for every fetch: a row (sequence index, id) per id, the counts bound as parameters.
    private static readonly string FetchSql = string.Join(" UNION ALL ", Sequences.Select((s, i) =>
        $"SELECT {i}, nextval('{CrmSequences.NameOf(s)}') FROM generate_series(1, @p{i})"));

    private readonly Dictionary<IdSequence, Queue<long>> _blocks = Sequences.ToDictionary(s => s, _ => new Queue<long>());
    private readonly Dictionary<IdSequence, int> _reserved = Sequences.ToDictionary(s => s, _ => 0);

    public void Reserve(IdSequence sequence, int count) => _reserved[sequence] = Math.Max(0, count - _blocks[sequence].Count);

    public async ValueTask<long> NextAsync(IdSequence sequence)
    {
        var block = _blocks[sequence];
        if (block.Count == 0)
        {
            await FetchAsync(sequence);
        }
        return block.Dequeue();
    }

    private async ValueTask FetchAsync(IdSequence needed)
    {
        var counts = Sequences.Select(s => (object?)(s == needed
            ? Math.Clamp(_reserved[s], MinimumBlock, MaximumBlock)
            : Math.Min(_reserved[s], MaximumBlock))).ToArray();
        var fetched = Sequences.Select(_ => new List<long>()).ToArray();
        await using (var reader = await session.ReaderAsync(FetchSql, counts))
        {
            while (await reader.ReadAsync())
            {
                fetched[reader.GetInt32(0)].Add(reader.GetInt64(1));
            }
        }
        for (var i = 0; i < Sequences.Length; i++)
        {
            var sequence = Sequences[i];
            // Handed out in ascending order, as one nextval at a time would.
            fetched[i].Sort();
            foreach (var id in fetched[i])
            {
                _blocks[sequence].Enqueue(id);
            }
            _reserved[sequence] = Math.Max(0, _reserved[sequence] - fetched[i].Count);
        }
    }

    public ValueTask FlushAsync() => ValueTask.CompletedTask;
}
