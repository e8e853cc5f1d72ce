using System.Text.Json;
using Comerix.Crm.Security;
using Comerix.SiteHost.Data;

namespace Comerix.Crm.Tests.Security;

/// <summary>The roles the default recipe creates are the ones the permission provider declares as its defaults.</summary>
public sealed class DefaultRecipeTests
{
    [Fact]
    public void TheDefaultRecipeGrantsEachRoleExactlyThePermissionProvidersStereotype()
    {
        using var recipe = JsonDocument.Parse(File.ReadAllText(SiteSetup.DefaultRecipePath));
        var roles = recipe.RootElement.GetProperty("steps").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == "roles")
            .GetProperty("roles").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!).Order().ToList());

        var stereotypes = new CrmPermissions().GetDefaultStereotypes()
            .ToDictionary(s => s.RoleName, s => s.Permissions.Select(p => p.Name).Order().ToList());

        Assert.Equal(stereotypes, roles);
        Assert.Equal(["Administrator"], roles.Where(r => r.Value.Contains(CrmPermissions.DeletePersonalDataName)).Select(r => r.Key));
    }

    [Fact]
    public void ManageImpliesViewButNothingImpliesErasure()
    {
        Assert.Contains(CrmPermissions.Manage, CrmPermissions.View.WithImplyingPermissions());
        Assert.Equal([CrmPermissions.DeletePersonalData], CrmPermissions.DeletePersonalData.WithImplyingPermissions());
    }
}
