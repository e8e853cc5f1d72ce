namespace Comerix.Crm.Api.Keys;

/// <summary>
/// What a key is for. A server key is a secret, kept on servers. A browser key is public by nature (anyone can read
/// it in the pages that use it): it only sends events, only from the origins it lists, and what it claims about a
/// visitor stays unverified.
/// </summary>
internal static class ApiKeyKinds
{
    public const string Server = "server";
    public const string Browser = "browser";
}
