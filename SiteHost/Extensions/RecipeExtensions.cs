using Comerix.Crm.Recipes;
using Comerix.SiteHost.Recipes;

namespace Comerix.SiteHost.Extensions;

/// <summary>The recipe steps the site contributes besides the module's (the demo's own step: <see cref="DemoStorefrontExtensions"/>).</summary>
public static class RecipeExtensions
{
    public static void AddRecipes(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IRecipeStepHandler, FeatureStep>();
        builder.Services.AddScoped<IRecipeStepHandler, RolesStep>();
    }
}
