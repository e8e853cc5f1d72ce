using System.Diagnostics;
using System.Net;
using Comerix.SiteHost.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Comerix.Crm.Tests.Site;

/// <summary>The sign-in form takes as long for an email without an account as for one with an account and a wrong password.</summary>
public sealed class SignInTimingTests(SignInTimingTests.CountingSite site) : IClassFixture<SignInTimingTests.CountingSite>
{
    [Fact]
    public async Task AnUnknownEmailCostsOnePasswordHashAsAKnownOneDoes()
    {
        await site.EnsureUsersAsync();
        await site.CreateUserAsync("Default", "hashed@site.test", "Viewer");
        using var client = await site.SignInAsync(null);

        var before = site.Verifications;
        Assert.Contains("That email and password do not match", await SignInAsync(client, "nobody-here@site.test", "Wrong-password-1"));
        Assert.Equal(1, site.Verifications - before);

        before = site.Verifications;
        Assert.Contains("That email and password do not match", await SignInAsync(client, "hashed@site.test", "Wrong-password-1"));
        Assert.Equal(1, site.Verifications - before);
    }

    [Fact]
    public async Task AnUnknownEmailIsNotAnsweredManyTimesFasterThanAKnownOne()
    {
        await site.EnsureUsersAsync();
        await site.CreateUserAsync("Default", "timed@site.test", "Viewer");
        using var client = await site.SignInAsync(null);
        // One warm-up each, then five timed tries each, alternated (six wrong passwords stay under the lockout's eight).
        await TimeAsync(client, "timed@site.test");
        await TimeAsync(client, "nobody-timed@site.test");
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            known.Add(await TimeAsync(client, "timed@site.test"));
            unknown.Add(await TimeAsync(client, $"nobody-{i}@site.test"));
        }
        // Hashing is most of a known email's time; without it an unknown one was about 20 times faster. A factor
        // of 4 leaves room for a busy machine.
        Assert.True(Median(unknown) * 4 > Median(known), $"unknown {Median(unknown):F1} ms, known {Median(known):F1} ms");
    }

    private static async Task<double> TimeAsync(SiteClient client, string email)
    {
        var form = await FormAsync(client, email, "Wrong-password-1");
        var clock = Stopwatch.StartNew();
        var response = await client.Http.PostAsync("/login", form);
        clock.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<string> SignInAsync(SiteClient client, string email, string password)
    {
        var response = await client.Http.PostAsync("/login", await FormAsync(client, email, password));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sign-in form filled in, with the antiforgery token of a fresh copy of the page.</summary>
    internal static async Task<FormUrlEncodedContent> FormAsync(SiteClient client, string email, string password)
    {
        var page = await client.GetPageAsync("/login");
        var token = page.QuerySelector("form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = password, ["__RequestVerificationToken"] = token,
        });
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>The site with its password hasher counting how often a password is checked.</summary>
    public sealed class CountingSite : SiteFactory
    {
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddScoped<IPasswordHasher<SiteUser>>(sp =>
                new CountingHasher(this, new PasswordHasher<SiteUser>(sp.GetRequiredService<IOptions<PasswordHasherOptions>>()))));
        }

        private sealed class CountingHasher(CountingSite site, IPasswordHasher<SiteUser> inner) : IPasswordHasher<SiteUser>
        {
            public string HashPassword(SiteUser user, string password) => inner.HashPassword(user, password);

            public PasswordVerificationResult VerifyHashedPassword(SiteUser user, string hashedPassword, string providedPassword)
            {
                Interlocked.Increment(ref site._verifications);
                return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
            }
        }
    }
}
