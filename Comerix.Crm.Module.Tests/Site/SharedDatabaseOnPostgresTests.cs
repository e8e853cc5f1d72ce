using Comerix.Crm.Tests.Infrastructure;

namespace Comerix.Crm.Tests.Site;

/// <summary>Several site processes on one PostgreSQL database: see <see cref="SharedDatabaseScenarios"/>.</summary>
public sealed class SharedDatabaseOnPostgresTests
{
    [PostgresFact]
    public async Task TenantsFeaturesAndRoleGrantsChangedFromTheCommandLineReachTheRunningSiteWithoutARestart()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await SharedDatabaseScenarios.TenantsFeaturesAndRoleGrantsFromTheCommandLineReachTheRunningSite(() => SiteFactory.OnPostgres(database));
    }

    [PostgresFact]
    public async Task IdentityRulesAndSuppressionsChangedByAnotherSiteInstanceApplyWithoutARestart()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await SharedDatabaseScenarios.RulesAndSuppressionsChangedByAnotherSiteInstanceApply(() => SiteFactory.OnPostgres(database));
    }

    [PostgresFact]
    public async Task APersonForgottenAndSuppressedOnOneSiteInstanceIsRefusedByAnotherAtOnce()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await SharedDatabaseScenarios.APersonForgottenAndSuppressedOnAnotherSiteInstanceIsRefusedAtOnce(() => SiteFactory.OnPostgres(database));
    }

    [PostgresFact]
    public async Task AUserRemovedFromARoleByAnotherSiteInstanceLosesItsPermissionsWithoutSigningOut()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await SharedDatabaseScenarios.AUserRemovedFromARoleByAnotherSiteInstanceLosesItsPermissions(() => SiteFactory.OnPostgres(database));
    }

    [PostgresFact]
    public async Task AnApiKeyRevokedFromTheCommandLineStopsWorkingInTheRunningSite()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await SharedDatabaseScenarios.AKeyRevokedFromTheCommandLineStopsWorkingInTheRunningSite(() => SiteFactory.OnPostgres(database));
    }
}
