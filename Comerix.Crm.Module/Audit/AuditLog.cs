using System.Text.Json;
using Comerix.Crm.Identity.Resolution;

namespace Comerix.Crm.Audit;

/// <summary>
/// Audit entries for changes made outside the identity engine's own transactions (settings such as identity rules
/// and API keys). Entries go through the same numbered log the engine writes; details are never personal values.
/// </summary>
public sealed class AuditLog(IdentityEngine engine)
{
    public Task AppendAsync(string tenantId, string actor, string action, object details, CancellationToken cancellationToken = default) =>
        engine.RunAsync(tenantId, async uow =>
        {
            await uow.AppendAuditAsync(actor, action, JsonSerializer.Serialize(details));
            return true;
        }, cancellationToken);
}
