namespace Comerix.Crm.Api.Keys;

/// <summary>What a stored <see cref="ApiKey"/> allows: read from its columns by the rules of the API layer, which the data layer does not know.</summary>
public static class ApiKeyRules
{
    extension(ApiKey key)
    {
        public bool IsRevoked => key.RevokedAt is not null;

        public bool IsBrowserKey => key.Kind == ApiKeyKinds.Browser;

        public IReadOnlyList<string> OriginList => BrowserOrigins.Split(key.AllowedOrigins);

        public IReadOnlyList<string> ScopeList => ApiScopes.Parse(key.Scopes);

        public bool HasScope(string scope) => key.ScopeList.Contains(scope, StringComparer.Ordinal);
    }
}
