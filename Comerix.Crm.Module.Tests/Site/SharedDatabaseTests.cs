namespace Comerix.Crm.Tests.Site;

/// <summary>Several site processes on one SQLite file: see <see cref="SharedDatabaseScenarios"/>.</summary>
public sealed class SharedDatabaseTests
{
    [Fact]
    public Task TenantsFeaturesAndRoleGrantsChangedFromTheCommandLineReachTheRunningSiteWithoutARestart() =>
        SharedDatabaseScenarios.TenantsFeaturesAndRoleGrantsFromTheCommandLineReachTheRunningSite(() => new SiteFactory());

    [Fact]
    public Task IdentityRulesAndSuppressionsChangedByAnotherSiteInstanceApplyWithoutARestart() =>
        SharedDatabaseScenarios.RulesAndSuppressionsChangedByAnotherSiteInstanceApply(() => new SiteFactory());

    [Fact]
    public Task APersonForgottenAndSuppressedOnOneSiteInstanceIsRefusedByAnotherAtOnce() =>
        SharedDatabaseScenarios.APersonForgottenAndSuppressedOnAnotherSiteInstanceIsRefusedAtOnce(() => new SiteFactory());

    [Fact]
    public Task AUserRemovedFromARoleByAnotherSiteInstanceLosesItsPermissionsWithoutSigningOut() =>
        SharedDatabaseScenarios.AUserRemovedFromARoleByAnotherSiteInstanceLosesItsPermissions(() => new SiteFactory());

    [Fact]
    public Task AnApiKeyRevokedFromTheCommandLineStopsWorkingInTheRunningSite() =>
        SharedDatabaseScenarios.AKeyRevokedFromTheCommandLineStopsWorkingInTheRunningSite(() => new SiteFactory());
}
