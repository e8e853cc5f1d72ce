using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Api.Security;

/// <summary>The HTTP APIs' log lines (event ids 3000–3999, see <see cref="CrmLogEvents"/>).</summary>
internal static partial class ApiKeyLog
{
    /// <param name="keyId">The key's id part (<c>cxk_{id}</c>, not secret), or what the presented value was instead.</param>
    /// <param name="unlogged">Wrong keys from the address since its last line, not logged one by one.</param>
    [LoggerMessage(EventId = CrmLogEvents.Api + 1, Level = LogLevel.Warning,
        Message = "Wrong API key from {Address} ({KeyId}): {Reason} Wrong keys from this address since its last such line: {Unlogged}; " +
                  "the next line for it comes a minute after this one at the earliest.")]
    public static partial void WrongKey(ILogger logger, string address, string keyId, string reason, int unlogged);
}
