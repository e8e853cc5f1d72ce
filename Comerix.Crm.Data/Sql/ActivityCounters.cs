using Comerix.Crm.Activity;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// The unit of work's changes to <see cref="ActivityCount"/>: every activity written or erased and every contact
/// created, merged away or erased passes through the unit of work, so keeping the counts here keeps them exact.
/// Added up in memory and written at commit as one upsert per quarter hour touched (a batch usually touches one).
/// </summary>
internal sealed class ActivityCounters
{
    private const string Upsert =
        "INSERT INTO crm_activity_counts (tenant_id, bucket_start, events, conversions, new_contacts) VALUES (@p0, @p1, @p2, @p3, @p4) " +
        "ON CONFLICT (tenant_id, bucket_start) DO UPDATE SET events = crm_activity_counts.events + excluded.events, " +
        "conversions = crm_activity_counts.conversions + excluded.conversions, new_contacts = crm_activity_counts.new_contacts + excluded.new_contacts";

    private readonly Dictionary<DateTime, Delta> _deltas = [];

    // A change the team made (a stage, an owner) is a timeline row, not something the person did: not an event.
    public void ActivityWritten(DateTime receivedAt, string type)
    {
        if (!ActivityTypes.IsTeamChange(type))
        {
            Add(receivedAt, new Delta(1, IsConversion(type) ? 1 : 0, 0));
        }
    }

    public void ActivityErased(DateTime receivedAt, string type)
    {
        if (!ActivityTypes.IsTeamChange(type))
        {
            Add(receivedAt, new Delta(-1, IsConversion(type) ? -1 : 0, 0));
        }
    }

    public void ContactCreated(DateTime createdAt) => Add(createdAt, new Delta(0, 0, 1));

    /// <summary>A live contact stops being one (merged away or erased): it no longer counts among the day's new contacts.</summary>
    public void ContactGone(DateTime createdAt) => Add(createdAt, new Delta(0, 0, -1));

    /// <summary>Written just before the commit, so a concurrent writer of the same quarter hour waits on the row only for the commit.</summary>
    public async ValueTask FlushAsync(SqlSession session, string tenantId)
    {
        foreach (var (bucket, delta) in _deltas.OrderBy(d => d.Key))
        {
            if (delta != default)
            {
                await session.ExecuteAsync(Upsert, tenantId, bucket, delta.Events, delta.Conversions, delta.NewContacts);
            }
        }
        _deltas.Clear();
    }

    private static bool IsConversion(string type) => type == ActivityTypes.Conversion;

    private void Add(DateTime at, Delta delta)
    {
        var bucket = ActivityCount.BucketOf(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        _deltas[bucket] = _deltas.GetValueOrDefault(bucket) + delta;
    }

    private readonly record struct Delta(long Events, long Conversions, long NewContacts)
    {
        public static Delta operator +(Delta a, Delta b) =>
            new(a.Events + b.Events, a.Conversions + b.Conversions, a.NewContacts + b.NewContacts);
    }
}
