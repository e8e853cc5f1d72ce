using Comerix.Crm.Contacts;

namespace Comerix.Crm.Data.Sql;

/// <summary>
/// The unit of work's changes to <see cref="ContactCount"/>: a contact counts under its kind (identified or not, and
/// source) from the moment it is written until it is merged away or erased, and moves when an event changes its kind.
/// Added up in memory and written at commit, one upsert per kind that changed (a batch usually changes two or three).
/// </summary>
internal sealed class ContactCounters
{
    private const string Upsert =
        "INSERT INTO crm_contact_counts (tenant_id, is_identified, source, contacts) VALUES (@p0, @p1, @p2, @p3) " +
        "ON CONFLICT (tenant_id, is_identified, source) DO UPDATE SET contacts = crm_contact_counts.contacts + excluded.contacts";

    private readonly Dictionary<(bool IsIdentified, string Source), long> _deltas = [];

    /// <summary>A live contact was written with this kind.</summary>
    public void Added(bool isIdentified, string source) => Add(isIdentified, source, 1);

    /// <summary>A live contact of this kind was merged away or erased.</summary>
    public void Removed(bool isIdentified, string source) => Add(isIdentified, source, -1);

    public void Changed(bool wasIdentified, string wasSource, bool isIdentified, string source)
    {
        if (wasIdentified != isIdentified || wasSource != source)
        {
            Removed(wasIdentified, wasSource);
            Added(isIdentified, source);
        }
    }

    /// <summary>Written just before the commit, in key order, so concurrent writers wait on these rows only for the commit and never deadlock.</summary>
    public async ValueTask FlushAsync(SqlSession session, string tenantId)
    {
        foreach (var ((identified, source), delta) in _deltas.OrderBy(d => d.Key.IsIdentified).ThenBy(d => d.Key.Source, StringComparer.Ordinal))
        {
            if (delta != 0)
            {
                await session.ExecuteAsync(Upsert, tenantId, identified, source, delta);
            }
        }
        _deltas.Clear();
    }

    private void Add(bool isIdentified, string source, long delta) =>
        _deltas[(isIdentified, source)] = _deltas.GetValueOrDefault((isIdentified, source)) + delta;
}
