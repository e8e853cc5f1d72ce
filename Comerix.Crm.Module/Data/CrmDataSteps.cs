using Comerix.Crm.Resolution;
using Comerix.Crm.Webhooks;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Data;

/// <summary>
/// The one-time data steps, run after the schema is up to date by whoever migrates it (the module's start-up, or the
/// host's own set-up): the phone re-key to libphonenumber, then protecting webhook secrets stored as is. Each is
/// recorded in <c>crm_data_steps</c> once done, so later runs cost one query each.
/// </summary>
public sealed class CrmDataSteps
{
    private readonly PhoneRekeyStep _phoneRekey;
    private readonly WebhookSecretProtectStep _webhookSecrets;
    private readonly ILogger<CrmDataSteps> _logger;

    internal CrmDataSteps(PhoneRekeyStep phoneRekey, WebhookSecretProtectStep webhookSecrets, ILogger<CrmDataSteps> logger) =>
        (_phoneRekey, _webhookSecrets, _logger) = (phoneRekey, webhookSecrets, logger);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var report in await _phoneRekey.RunAsync(cancellationToken))
        {
            StorageLog.PhoneKeysRekeyed(_logger, report.TenantId, report.Unchanged, report.Rekeyed, report.Merged, report.Queued, report.KeptNotValid);
        }
        foreach (var (tenant, converted) in await _webhookSecrets.RunAsync(cancellationToken))
        {
            StorageLog.WebhookSecretsProtected(_logger, tenant, converted);
        }
    }
}
