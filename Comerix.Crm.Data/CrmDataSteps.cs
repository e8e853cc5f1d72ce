namespace Comerix.Crm.Data;

/// <summary>
/// The registered <see cref="ICrmDataStep"/>s, run in order after the schema is up to date by whoever migrates it
/// (the module's start-up, or the host's own set-up). The module registers the phone re-key to libphonenumber, then
/// protecting webhook secrets stored as is.
/// </summary>
public sealed class CrmDataSteps(IEnumerable<ICrmDataStep> steps)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var step in steps)
        {
            await step.RunAsync(cancellationToken);
        }
    }
}
