namespace Comerix.Crm.Data;

/// <summary>The names of the module's cached state in <c>crm_state_versions</c> (a host adds its own).</summary>
internal static class CrmStates
{
    public const string IdentityRules = "identity-rules";
    public const string Suppressions = "suppressions";
    public const string WebhookEndpoints = "webhook-endpoints";

    /// <summary>The API keys' kinds, origins and revocations (not their last use): what the browser origins cache holds.</summary>
    public const string ApiKeys = "api-keys";

    /// <summary>The contact fields' definitions: what ingestion reads to set fields from events.</summary>
    public const string CustomFields = "custom-fields";
}
