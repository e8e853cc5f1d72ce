using System.Text.Json;
using Comerix.Crm.Notifications;

namespace Comerix.Crm.Data.Sql;

/// <summary>Contacts as events carry them, read inside the transaction that changed them (so what is sent is what committed).</summary>
internal static class ContactSnapshots
{
    public static async ValueTask<Dictionary<long, CrmContactSnapshot>> ReadAsync(
        SqlSession session, SqlDialect dialect, string tenantId, IReadOnlyCollection<long> contactIds)
    {
        var snapshots = new Dictionary<long, CrmContactSnapshot>();
        if (contactIds.Count == 0)
        {
            return snapshots;
        }
        var identifiers = new Dictionary<long, List<CrmIdentifierSnapshot>>();
        await using (var reader = await session.ReaderAsync(
            $"SELECT contact_id, type, value, verified FROM crm_identifiers WHERE tenant_id = @p0 AND {dialect.InList("contact_id", "@p1")} " +
            "ORDER BY contact_id, type, value", tenantId, dialect.ListArgument(contactIds)))
        {
            while (await reader.ReadAsync())
            {
                var id = reader.GetInt64(0);
                if (!identifiers.TryGetValue(id, out var list))
                {
                    identifiers[id] = list = [];
                }
                list.Add(new CrmIdentifierSnapshot(reader.GetString(1), reader.GetString(2), reader.GetBoolean(3)));
            }
        }
        await using (var reader = await session.ReaderAsync(
            "SELECT id, display_name, email, phone, company, is_identified, traits_json, stage, owner_name FROM crm_contacts " +
            $"WHERE tenant_id = @p0 AND {dialect.InList("id", "@p1")}", tenantId, dialect.ListArgument(contactIds)))
        {
            while (await reader.ReadAsync())
            {
                var id = reader.GetInt64(0);
                snapshots[id] = new CrmContactSnapshot(id,
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.GetBoolean(5),
                    reader.IsDBNull(6) ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(6)) ?? [],
                    identifiers.GetValueOrDefault(id) ?? [],
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8));
            }
        }
        return snapshots;
    }
}
