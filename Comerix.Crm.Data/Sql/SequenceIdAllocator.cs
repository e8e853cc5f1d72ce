namespace Comerix.Crm.Data.Sql;

/// <summary>PostgreSQL ids: sequences, fetched in blocks. Sequences never block concurrent writers; gaps are harmless.</summary>
internal sealed class SequenceIdAllocator(SqlSession session) : IIdAllocator
{
    private const int BlockSize = 64;
    private readonly Dictionary<IdSequence, Queue<long>> _blocks = [];

    public async ValueTask<long> NextAsync(IdSequence sequence)
    {
        if (!_blocks.TryGetValue(sequence, out var block))
        {
            _blocks[sequence] = block = new Queue<long>(BlockSize);
        }
        if (block.Count == 0)
        {
            await using var reader = await session.ReaderAsync(
                $"SELECT nextval('{CrmSequences.NameOf(sequence)}') FROM generate_series(1, {BlockSize})");
            while (await reader.ReadAsync())
            {
                block.Enqueue(reader.GetInt64(0));
            }
        }
        return block.Dequeue();
    }

    public ValueTask FlushAsync() => ValueTask.CompletedTask;
}
