using Comerix.Crm.Activity;
using Comerix.Crm.Erasure;
using Comerix.Crm.Navigation;
using Comerix.Crm.Recipes;
using Comerix.SiteHost.Demo;

namespace Comerix.SiteHost.Extensions;

/// <summary>
/// The demo storefront (/demo) and its sources: chats and forms, which hold personal data and so register an
/// eraser; their records linked from timelines, their inboxes in the admin menu, and the demo-data recipe step.
/// </summary>
public static class DemoStorefrontExtensions
{
    public static void AddDemoStorefront(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IRecipeStepHandler, DemoDataStep>();
        builder.Services.AddScoped<IPersonalDataEraser, DemoDataEraser>();
        builder.Services.AddScoped<DemoStorefront>();
        builder.Services.AddSingleton<IRecordLinkProvider, DemoRecordLinks>();
        builder.Services.AddSingleton<INavigationProvider, DemoAdminMenu>();
    }
}
