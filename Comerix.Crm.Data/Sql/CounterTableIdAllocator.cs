namespace Comerix.Crm.Data.Sql;

/// <summary>
/// SQLite ids: a per-tenant counter row read once per unit of work and written back before commit. Safe because
/// the unit of work holds SQLite's write lock; a rolled-back unit hands its ids back with it.
/// </summary>
internal sealed class CounterTableIdAllocator(SqlSession session, string tenantId) : IIdAllocator
{
    private readonly Dictionary<IdSequence, long> _next = [];

    public async ValueTask<long> NextAsync(IdSequence sequence)
    {
        if (!_next.TryGetValue(sequence, out var next))
        {
            var stored = await session.ScalarAsync(
                "SELECT next_value FROM crm_id_counters WHERE tenant_id = @p0 AND name = @p1", tenantId, Name(sequence));
            // No counter yet: start above anything already in the table, so rows written by other means never collide.
            next = stored is null
                ? Convert.ToInt64(await session.ScalarAsync($"SELECT COALESCE(MAX(id), 0) + 1 FROM {Table(sequence)} WHERE tenant_id = @p0", tenantId))
                : Convert.ToInt64(stored);
        }
        _next[sequence] = next + 1;
        return next;
    }

    // Ids come from a counter held in memory after its first read: there is nothing to fetch ahead.
    public void Reserve(IdSequence sequence, int count)
    {
    }

    public async ValueTask FlushAsync()
    {
        foreach (var (sequence, next) in _next)
        {
            await session.ExecuteAsync(
                "INSERT INTO crm_id_counters (tenant_id, name, next_value) VALUES (@p0, @p1, @p2) " +
                "ON CONFLICT (tenant_id, name) DO UPDATE SET next_value = excluded.next_value",
                tenantId, Name(sequence), next);
        }
    }

    private static string Name(IdSequence sequence) => sequence.ToString().ToLowerInvariant();

    private static string Table(IdSequence sequence) => sequence switch
    {
        IdSequence.Contact => "crm_contacts",
        IdSequence.Activity => "crm_activities",
        IdSequence.WebhookDelivery => "crm_webhook_deliveries",
        _ => "crm_merge_reviews",
    };
}
