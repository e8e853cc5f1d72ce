using System.Text.Json;
using Comerix.Crm.Identity.Admin;

namespace Comerix.Crm.Audit;

/// <summary>
/// Audit entries for changes made outside the identity engine's own transactions (settings such as identity rules
/// and API keys), each in an admin transaction of its own. Entries go through the same numbered log the engine
/// writes; details are never personal values.
/// </summary>
internal sealed class AuditLog(AdminTransactions transactions)
{
    public Task AppendAsync(string tenantId, string actor, string action, object details, CancellationToken cancellationToken = default) =>
        transactions.RunAsync(tenantId, async uow =>
        {
            await uow.Audit.AppendAsync(actor, action, JsonSerializer.Serialize(details));
            return true;
        }, cancellationToken);
}
