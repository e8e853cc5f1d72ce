using System.CommandLine;
using Comerix.Crm.Audit;

namespace Comerix.SiteHost.Commands;

/// <summary>
/// <c>audit verify [--tenant T] [--checkpoint N:HASH]</c>: OK, or the first broken entry and exit code 1.
/// <c>audit checkpoint [--tenant T]</c>: the count and head hash to keep somewhere else, so that a later
/// truncation is caught by <c>verify --checkpoint</c>.
/// </summary>
public sealed partial class SiteCommandLine
{
    private static readonly Option<string> Checkpoint = new("--checkpoint")
    {
        Description = "A line printed by \"audit checkpoint\" earlier: also proves no entry up to it was removed.",
        HelpName = "N:HASH",
    };

    private static Command AuditCommand() => new("audit", "The tamper-evident audit log.")
    {
        WithAction(new Command("verify", "Check the log's chain: OK, or the first broken entry and exit code 1.") { Checkpoint, Tenant }, VerifyAuditAsync),
        WithAction(new Command("checkpoint", "Print the count and head hash to keep outside the site.") { Tenant }, CheckpointAuditAsync),
    };

    private static async Task<int> VerifyAuditAsync(CommandContext command)
    {
        var (output, error) = (command.Output, command.Error);
        AuditCheckpoint? checkpoint = null;
        if (command.Parse.GetValue(Checkpoint) is { } text)
        {
            checkpoint = AuditCheckpoint.Parse(text)
                ?? throw new CommandException($"--checkpoint \"{text}\" is not N:HASH as printed by \"audit checkpoint\".");
        }
        await using var scope = await command.TenantScopeAsync();
        var tenant = scope.Tenant;
        var result = await scope.ServiceProvider.GetRequiredService<IAuditVerifier>().VerifyAsync(tenant, checkpoint);
        if (!result.Ok)
        {
            error.WriteLine($"BROKEN at entry {result.BrokenAt}: {result.Problem}.");
            return 1;
        }
        output.WriteLine($"OK: the audit log of tenant {tenant} holds {result.Count} entries and its chain is intact" +
            (checkpoint is null ? "" : $", including checkpoint {checkpoint.Sequence}") +
            (result.Unchained > 0 ? $" ({result.Unchained} written before the log was chained)" : "") + ".");
        output.WriteLine($"Head: {result.Count}:{result.HeadHash}");
        return 0;
    }

    private static async Task<int> CheckpointAuditAsync(CommandContext command)
    {
        var (output, error) = (command.Output, command.Error);
        await using var scope = await command.TenantScopeAsync();
        var tenant = scope.Tenant;
        var result = await scope.ServiceProvider.GetRequiredService<IAuditVerifier>().VerifyAsync(tenant);
        if (!result.Ok)
        {
            error.WriteLine($"No checkpoint: the log is already BROKEN at entry {result.BrokenAt}: {result.Problem}.");
            return 1;
        }
        output.WriteLine($"{result.Count}:{result.HeadHash}");
        output.WriteLine($"Keep this line outside the site; later, \"audit verify --tenant {tenant} --checkpoint <it>\" proves no entry up to {result.Count} was removed.");
        return 0;
    }
}
