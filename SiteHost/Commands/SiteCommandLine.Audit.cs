using Comerix.Crm.Audit;

namespace Comerix.SiteHost.Commands;

/// <summary>
/// <c>audit verify [--tenant T] [--checkpoint N:HASH]</c>: OK, or the first broken entry and exit code 1.
/// <c>audit checkpoint [--tenant T]</c>: the count and head hash to keep somewhere else, so that a later
/// truncation is caught by <c>verify --checkpoint</c>.
/// </summary>
public sealed partial class SiteCommandLine
{
    private async Task<int> VerifyAuditAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        AuditCheckpoint? checkpoint = null;
        if (_options.TryGetValue("checkpoint", out var text))
        {
            checkpoint = AuditCheckpoint.Parse(text)
                ?? throw new CommandException($"--checkpoint \"{text}\" is not N:HASH as printed by \"audit checkpoint\".");
        }
        await using var scope = await TenantScopeAsync(services);
        var result = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(Tenant, checkpoint);
        if (!result.Ok)
        {
            error.WriteLine($"BROKEN at entry {result.BrokenAt}: {result.Problem}.");
            return 1;
        }
        output.WriteLine($"OK: the audit log of tenant {Tenant} holds {result.Count} entries and its chain is intact" +
            (checkpoint is null ? "" : $", including checkpoint {checkpoint.Sequence}") +
            (result.Unchained > 0 ? $" ({result.Unchained} written before the log was chained)" : "") + ".");
        output.WriteLine($"Head: {result.Count}:{result.HeadHash}");
        return 0;
    }

    private async Task<int> CheckpointAuditAsync(IServiceProvider services, TextWriter output, TextWriter error)
    {
        await using var scope = await TenantScopeAsync(services);
        var result = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(Tenant);
        if (!result.Ok)
        {
            error.WriteLine($"No checkpoint: the log is already BROKEN at entry {result.BrokenAt}: {result.Problem}.");
            return 1;
        }
        output.WriteLine($"{result.Count}:{result.HeadHash}");
        output.WriteLine($"Keep this line outside the site; later, \"audit verify --tenant {Tenant} --checkpoint <it>\" proves no entry up to {result.Count} was removed.");
        return 0;
    }
}
