namespace Comerix.Crm.Tests.Browser;

/// <summary>One site and one Chromium for every browser test class: starting them is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSite>
{
    public const string Name = "browser";
}
