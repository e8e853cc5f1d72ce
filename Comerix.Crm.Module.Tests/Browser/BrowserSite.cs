using Comerix.Crm.Recipes;
using Comerix.Crm.Tests.Site;
using Comerix.SiteHost.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Comerix.Crm.Tests.Browser;

/// <summary>
/// The site on a real Kestrel port with the demo recipe applied, and one headless Debian Chromium shared by the
/// tests of a class. Each test gets its own browser context (own cookies).
/// </summary>
public sealed class BrowserSite : IAsyncLifetime
{
    public SiteFactory Site { get; } = new();
    public string BaseUrl { get; private set; } = "";
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "test-output", "screenshots");

    public async Task InitializeAsync()
    {
        Site.UseKestrel(0);
        Site.StartServer();
        BaseUrl = Site.KestrelAddress();
        await Site.EnsureUsersAsync();
        await using (var scope = await Site.TenantScopeAsync("Default"))
        {
            var recipe = await File.ReadAllTextAsync(Path.Combine(SiteSetup.RecipesDirectory, "demo.recipe.json"));
            await scope.ServiceProvider.GetRequiredService<RecipeExecutor>().ExecuteAsync("Default", recipe);
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh page signed in as <paramref name="email"/> (through the real sign-in form).</summary>
    /// <param name="javaScript">False to prove a page works without script (forms post and answer as plain HTML).</param>
    public async Task<IPage> SignedInPageAsync(string email, bool javaScript = true)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, ViewportSize = new() { Width = 1360, Height = 900 }, JavaScriptEnabled = javaScript,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(SiteFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/customers");
        return page;
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new() { Width = 1360, Height = 900 } });
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await Site.DisposeAsync();
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Comerix.Crm.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? AppContext.BaseDirectory;
    }
}
