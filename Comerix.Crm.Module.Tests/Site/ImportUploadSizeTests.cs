using System.Net;
using System.Text;
using Comerix.Crm.Data;
using Comerix.Crm.Tests.Erasure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Comerix.Crm.Tests.Site;

/// <summary>The site on a real Kestrel port (which enforces request body limits, as in production), every log line kept.</summary>
public sealed class KestrelSiteFactory : SiteFactory
{
    public CapturedLogs Logs { get; } = new();

    public KestrelSiteFactory() => UseKestrel(0);

    /// <summary>A real socket client to the port the site listens on.</summary>
    protected override HttpClient CreateBrowserLikeClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = new(KestrelAddress()) };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>
/// A file over the import's size limit, uploaded over HTTP to a real server: the import page says how large it is and
/// what the limit is (never the server's empty 413), and a normal upload leaves no warning in the log.
/// </summary>
public sealed class ImportUploadSizeTests(KestrelSiteFactory site) : IClassFixture<KestrelSiteFactory>
{
    [Fact]
    public async Task AFileFarOverTheLimitIsNamedWithItsSizeOnTheImportPage()
    {
        var name = $"twelve-{Guid.NewGuid():N}.csv";
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var error = await RefusalAsync(manager, name, Csv(12 * 1024 * 1024));

        Assert.Equal("The file is 12.0 MB; the limit is 10 MB. Split it into smaller files and import them one after another.", error);
        await AssertNothingStoredAsync(name);
        // Said once: the page shown again afterwards is the plain import page.
        Assert.Null((await manager.GetPageAsync("/admin/customers/import")).QuerySelector("[data-testid=upload-error]"));
    }

    [Fact]
    public async Task AFileJustOverTheLimitIsNamedWithItsSizeToo()
    {
        var name = $"ten-{Guid.NewGuid():N}.csv";
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        var error = await RefusalAsync(manager, name, Csv(10 * 1024 * 1024 + 300 * 1024));

        Assert.Equal("The file is 10.3 MB; the limit is 10 MB. Split it into smaller files and import them one after another.", error);
        await AssertNothingStoredAsync(name);
    }

    [Fact]
    public async Task ANormalUploadLeavesNoWarningAboutTheSizeLimits()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var before = site.Logs.Lines.Count;

        var upload = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "people.csv",
            Encoding.UTF8.GetBytes("name,email\nAda Lovelace,ada@size.test\n"));

        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        Assert.Contains("/admin/customers/import/", upload.Headers.Location!.OriginalString);
        var warnings = site.Logs.Lines.Skip(before).Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count == 0, string.Join("\n", warnings));
    }

    /// <summary>Uploads the file as the browser's form does, follows the answer to a page, and reads its upload error.</summary>
    private static async Task<string?> RefusalAsync(SiteClient manager, string fileName, byte[] content)
    {
        var response = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", fileName, content);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.EndsWith("/admin/customers/import", response.Headers.Location!.OriginalString);
            response = await manager.GetAsync(response.Headers.Location!.OriginalString);
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await manager.ReadAsync(response);
        Assert.Equal("Import customers", page.QuerySelector("h1")!.TextContent);
        return page.QuerySelector("[data-testid=upload-error]")?.TextContent;
    }

    /// <summary>A CSV of people of at least <paramref name="bytes"/> bytes.</summary>
    private static byte[] Csv(int bytes)
    {
        var text = new StringBuilder("name,email\n", bytes + 64);
        for (var i = 0; text.Length < bytes; i++)
        {
            text.Append("Person ").Append(i).Append(",p").Append(i).Append("@size.test\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString(0, bytes));
    }

    private async Task AssertNothingStoredAsync(string fileName)
    {
        await using var scope = await site.TenantScopeAsync("Default");
        Assert.False(await scope.ServiceProvider.GetRequiredService<CrmDbContext>().ImportJobs.AnyAsync(j => j.FileName == fileName));
    }
}
