namespace Comerix.Crm.Api.Security;

/// <summary>Names the API's authentication and authorization share.</summary>
internal static class CrmApiAuthentication
{
    /// <summary>API keys: <c>Authorization: Bearer cxk_…</c>, or HTTP Basic with the key as user name (Segment's write key).</summary>
    public const string ApiKeyScheme = "CrmApiKey";

    /// <summary>The read API's scheme: the API key when the request carries one, else the host's sign-in (its cookie).</summary>
    public const string ReadScheme = "CrmApiOrUser";

    public const string KeyIdClaim = "crm:api-key";
    public const string ScopeClaim = "crm:scope";

    /// <summary>The key's <see cref="Keys.ApiKeyKinds"/>: server or browser.</summary>
    public const string KeyKindClaim = "crm:key-kind";

    /// <summary>One of a browser key's origins (canonical), one claim each.</summary>
    public const string OriginClaim = "crm:origin";

    /// <summary>Policy of the ingestion endpoints: an API key with the ingest scope.</summary>
    public const string IngestPolicy = "crm.api.ingest";

    /// <summary>Policy of the read API's single contacts: a key with the read scope, or a signed-in user with comerix.crm.view.</summary>
    public const string ReadPolicy = "crm.api.read";

    /// <summary>
    /// Policy of the contacts list: a key with the read scope, or a signed-in user with comerix.crm.view and
    /// comerix.crm.export. Paged through in a loop, the list is the whole directory, a bulk copy like the CSV export.
    /// </summary>
    public const string ListPolicy = "crm.api.list";

    /// <summary>Policy of the erasure API: an API key with the privacy scope (never a signed-in user's cookie).</summary>
    public const string PrivacyPolicy = "crm.api.privacy";

    /// <summary>
    /// Policy of one person's data export: a key with the privacy scope, or a signed-in user with comerix.crm.view and
    /// comerix.crm.pii.export.
    /// </summary>
    public const string PersonalDataExportPolicy = "crm.api.pii-export";
}
