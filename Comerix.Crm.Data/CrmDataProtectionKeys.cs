using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Data;

/// <summary>
/// The data-protection key ring's elements in <c>crm_data_protection_keys</c>, for a host whose site processes share a
/// PostgreSQL database (an <c>IXmlRepository</c> over this). Synchronous, as the key ring asks: it reads the ring at
/// start-up and about once a day, and writes when it makes a key (every 90 days).
/// </summary>
public sealed class CrmDataProtectionKeys(CrmDatabase database)
{
    public IReadOnlyList<(string Name, string Element)> ReadAll()
    {
        using var db = database.CreateDbContext();
        return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Name)
            .Select(k => new { k.Name, k.Element }).AsEnumerable()
            .Select(k => (k.Name, k.Element)).ToList();
    }

    /// <summary>Adds an element under a name not used yet; false when the name is taken (the element already stored by someone).</summary>
    public bool TryAdd(string name, string element, DateTime createdAtUtc)
    {
        using var db = database.CreateDbContext();
        if (db.DataProtectionKeys.Any(k => k.Name == name))
        {
            return false;
        }
        db.DataProtectionKeys.Add(new DataProtectionKey { Name = name, Element = element, CreatedAt = createdAtUtc });
        try
        {
            db.SaveChanges();
            return true;
        }
        catch (DbUpdateException) when (db.DataProtectionKeys.AsNoTracking().Any(k => k.Name == name))
        {
            // Another process stored it between the check and the insert: the primary key decided.
            return false;
        }
    }
}
