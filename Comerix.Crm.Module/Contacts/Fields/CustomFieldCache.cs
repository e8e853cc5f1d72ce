using Comerix.Crm.Data;
using Comerix.Crm.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Comerix.Crm.Contacts.Fields;

/// <summary>The tenant's contact fields by key, kept for ingestion: every event's fields and traits are checked against them.</summary>
internal sealed class CustomFieldCache(IServiceScopeFactory scopes, CrmStateVersions versions)
    : TenantStateCache<IReadOnlyDictionary<string, CustomField>>(scopes, versions, CrmStates.CustomFields)
{
    protected override async Task<IReadOnlyDictionary<string, CustomField>> LoadAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        (await db.CustomFields.AsNoTracking().ToListAsync(cancellationToken)).ToDictionary(f => f.Key, StringComparer.Ordinal);
}
