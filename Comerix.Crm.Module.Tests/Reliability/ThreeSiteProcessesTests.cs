using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Comerix.Crm.Tests.Api;
using Comerix.Crm.Tests.Infrastructure;
using Comerix.Crm.Tests.Site;

namespace Comerix.Crm.Tests.Reliability;

/// <summary>
/// Three SiteHost processes on one PostgreSQL database, as behind a load balancer (docs/scaling.md): what a person
/// does through one is seen by the others. A sign-in made through one is accepted by the others; a rule, an API key
/// and a tenant made through one are used by the others within the state check interval (2 s by default); and an
/// API key's rate limit holds for the site, not for each process. The processes are shared by the tests of this class.
/// </summary>
public sealed class ThreeSiteProcessesTests(ThreeSiteProcessesTests.Sites sites) : IClassFixture<ThreeSiteProcessesTests.Sites>
{
    private const string Password = "Multi-site-1";
    private const string Rules = "/admin/customers/matching/rules";
    /// <summary>The default state check interval, and room for a busy machine.</summary>
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(8);

    [PostgresFact]
    public async Task ASignInMadeThroughOneProcessIsAcceptedByTheOthers()
    {
        var group = await sites.GroupAsync();
        using var cookies = new Browser();
        var (a, b, c) = (cookies.On(group.Sites[0]), cookies.On(group.Sites[1]), cookies.On(group.Sites[2]));
        Assert.Equal(HttpStatusCode.Redirect, (await b.GetAsync("/admin/customers")).StatusCode);

        // The form (and its antiforgery token) from one process, the sign-in through another.
        var form = await b.GetPageAsync("/login");
        var token = form.QuerySelector("form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var signedIn = await a.Http.PostAsync(a.Url("/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Email"] = await sites.AdministratorAsync(), ["Input.Password"] = Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        foreach (var site in new[] { a, b, c })
        {
            Assert.Equal(HttpStatusCode.OK, (await site.GetAsync("/admin/customers")).StatusCode);
        }
    }

    [PostgresFact]
    public async Task AnApiKeyMadeThroughOneProcessAuthenticatesOnAnotherAndItsRevocationHoldsThereAtOnce()
    {
        var group = await sites.GroupAsync();
        using var admin = await sites.SignedInAsync();
        var key = await CreateKeyAsync(admin.On(group.Sites[0]), "Made on A");
        using var onC = Api(group.Sites[2], key);

        Assert.Equal("created", (await ApiJson.PostEventAsync(onC, Form("key-" + Guid.NewGuid().ToString("N"), "made.on.a@multi.test"))).GetProperty("outcome").GetString());

        var keys = admin.On(group.Sites[0]);
        var revoked = await keys.PostFormAsync("/admin/customers/api-keys", $"/admin/customers/api-keys?handler=revoke&id={key.Split('_')[1]}", []);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Contains("The API key has been revoked.", await ApiJson.ProblemAsync(await onC.GetAsync("api/crm/contacts"), HttpStatusCode.Unauthorized));
    }

    [PostgresFact]
    public async Task ARuleMadeThroughOneProcessResolvesTheEventsAnotherReceives()
    {
        var group = await sites.GroupAsync();
        using var admin = await sites.SignedInAsync();
        var eventType = "signup." + Guid.NewGuid().ToString("N")[..8];
        using var onB = Api(group.Sites[1], await CreateKeyAsync(admin.On(group.Sites[0]), "Rule test"));
        // B reads the tenant's rules (there is none for this event type) and keeps them.
        var before = await SignupAsync(onB, eventType, "before");
        Assert.Null(await ContactEmailAsync(onB, before));

        var created = await admin.On(group.Sites[0]).PostFormAsync($"{Rules}/create", $"{Rules}/create", new()
        {
            ["Input.Name"] = "Sign-ups " + eventType,
            ["Input.Enabled"] = "true",
            ["Input.Trigger"] = "custom",
            ["Input.EventType"] = eventType,
            ["Input.Identifiers[0].Field"] = "subscriber.email",
            ["Input.Identifiers[0].Identifier"] = "email",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var attempt = 0;
        await EventuallyAsync(async () => await ContactEmailAsync(onB, await SignupAsync(onB, eventType, $"after-{++attempt}")) is not null,
            "an event sent to B is resolved by the rule made on A");
    }

    [PostgresFact]
    public async Task ATenantMadeOnTheDatabaseAnswersOnEveryProcess()
    {
        var group = await sites.GroupAsync();
        using var anonymous = new Browser();
        var prefix = "t" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.On(group.Sites[1]).GetAsync($"/t/{prefix}/login")).StatusCode);

        await group.CommandAsync("tenant", "create", prefix, "--prefix", prefix);

        foreach (var site in group.Sites)
        {
            await EventuallyAsync(async () => (await anonymous.On(site).GetAsync($"/t/{prefix}/login")).StatusCode == HttpStatusCode.OK,
                $"the new tenant answers on {site.Url}");
        }
    }

    /// <summary>
    /// A key's limit (here a burst of 60, refilled by 1 a second) is the site's: each of the three processes lets
    /// through a third of it, so 120 requests spread evenly over them get 60 answers (plus the one a second the site
    /// refills while they run) and the rest refusals, where three processes each enforcing the whole limit would have
    /// answered them all.
    /// </summary>
    [PostgresFact]
    public async Task AnApiKeysRateLimitHoldsForTheSiteNotForEachProcess()
    {
        var group = await sites.GroupAsync();
        using var admin = await sites.SignedInAsync();
        var key = await CreateKeyAsync(admin.On(group.Sites[0]), "Limited");
        // Every process has counted the other two (one heartbeat after the last started).
        await sites.AllCountedAsync();
        var clients = group.Sites.Select(s => Api(s, key)).ToList();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 120).Select(async i =>
        {
            using var response = await clients[i % 3].GetAsync("api/crm/contacts?audience=all");
            return response.StatusCode;
        }));
        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds);
        clients.ForEach(c => c.Dispose());

        var answered = answers.Count(s => s == HttpStatusCode.OK);
        Assert.InRange(answered, 60, 60 + refilled);
        Assert.Equal(120 - answered, answers.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    /// <summary>
    /// A process with another audit key would write an audit chain that does not verify and miss suppressions: it
    /// does not start, and says which setting to fix.
    /// </summary>
    [PostgresFact]
    public async Task AProcessWithAnotherAuditKeyDoesNotStartOnTheSharedDatabase()
    {
        var group = await sites.GroupAsync();
        using var other = new SiteHostProcess(Path.Combine(Path.GetTempPath(), "comerix-other-key-" + Guid.NewGuid().ToString("N")[..8]),
            "--database", "postgres", "--connection", group.ConnectionString,
            "--Crm:AuditKey=" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

        var (code, _, error) = await other.CommandAsync("apikey", "list");

        Assert.Equal(1, code);
        Assert.Contains("The site did not start: Crm:AuditKey is not the audit key the data-protection keys in this database were sealed under", error);
        if (Directory.Exists(other.DataDirectory))
        {
            Directory.Delete(other.DataDirectory, recursive: true);
        }
    }

    private static async Task<string> CreateKeyAsync(SiteClient admin, string name)
    {
        var response = await admin.PostFormAsync("/admin/customers/api-keys", "/admin/customers/api-keys?handler=create", new()
        {
            ["Input.Name"] = name, ["Input.Ingest"] = "true", ["Input.Read"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var key = (await admin.GetPageAsync("/admin/customers/api-keys")).QuerySelector("[data-testid=new-key] code")!.TextContent.Trim();
        Assert.StartsWith("cxk_", key);
        return key;
    }

    private static HttpClient Api(SiteHostProcess site, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(site.Url + "/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static object Form(string id, string email) => new
    {
        id, type = "form", occurredAt = "2026-12-05T10:00:00Z",
        claims = new[] { new { type = "email", value = email }, new { type = "visitor_id", value = "v-" + id } },
    };

    /// <summary>A sign-up whose email only a rule reads (from its payload); returns the email.</summary>
    private static async Task<string> SignupAsync(HttpClient api, string eventType, string who)
    {
        var email = $"{who}.{Guid.NewGuid().ToString("N")[..8]}@multi.test";
        var id = Guid.NewGuid().ToString("N");
        var body = JsonSerializer.Serialize(new
        {
            events = new[]
            {
                new
                {
                    id, type = eventType, occurredAt = "2026-12-05T10:00:00Z",
                    payload = new { subscriber = new { email } },
                    claims = new[] { new { type = "visitor_id", value = "v-" + id } },
                },
            },
        });
        using var response = await api.PostAsync("api/crm/events", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return email;
    }

    private static async Task<string?> ContactEmailAsync(HttpClient api, string email)
    {
        var answer = await ApiJson.ReadAsync(await api.GetAsync($"api/crm/contacts?audience=all&q={Uri.EscapeDataString(email)}"));
        return answer.GetProperty("contacts").EnumerateArray().SingleOrDefault() is { ValueKind: JsonValueKind.Object } contact
            ? contact.GetProperty("email").GetString()
            : null;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < Propagation, $"Not within {Propagation.TotalSeconds} s: {what}.");
            // Not faster: each try costs requests of the key's small limit (see the fixture).
            await Task.Delay(500);
        }
    }

    /// <summary>One browser's cookies (they are per host, and the three processes share 127.0.0.1), used on any process.</summary>
    internal sealed class Browser : IDisposable
    {
        private readonly HttpClientHandler _handler = new() { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };

        public SiteClient On(SiteHostProcess site) => new(new HttpClient(_handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) }, site.Url);

        public void Dispose() => _handler.Dispose();
    }

    /// <summary>The three processes, started when a test first asks (so nothing starts where PostgreSQL is missing), and an administrator.</summary>
    public sealed class Sites : IAsyncLifetime
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private SiteProcessGroup? _group;
        private string? _administrator;
        private DateTime _startedAt;

        internal async Task<SiteProcessGroup> GroupAsync()
        {
            await _gate.WaitAsync();
            try
            {
                if (_group is null)
                {
                    // A small key limit, so the rate limit test is quick; the other tests stay far below it.
                    _group = await SiteProcessGroup.StartAsync(3, "--Crm:Api:RateLimitPerSecond=1", "--Crm:Api:RateLimitBurst=60");
                    _startedAt = DateTime.UtcNow;
                }
                return _group;
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>An administrator of the default tenant, made by the command line.</summary>
        internal async Task<string> AdministratorAsync()
        {
            var group = await GroupAsync();
            if (_administrator is null)
            {
                var email = $"admin.{Guid.NewGuid().ToString("N")[..6]}@multi.test";
                await group.CommandAsync("user", "create", "--email", email, "--password", Password, "--role", "Administrator");
                _administrator = email;
            }
            return _administrator;
        }

        /// <summary>A browser signed in as the administrator (through the first process).</summary>
        internal async Task<Browser> SignedInAsync()
        {
            var group = await GroupAsync();
            var browser = new Browser();
            await browser.On(group.Sites[0]).SignInAsync(await AdministratorAsync(), Password);
            return browser;
        }

        /// <summary>Waits until every process has had a heartbeat since all three were up (the default interval is 2 s).</summary>
        internal Task AllCountedAsync() => Task.Delay(_startedAt.AddSeconds(4.5) - DateTime.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (_group is not null)
            {
                await _group.DisposeAsync();
            }
            _gate.Dispose();
        }
    }
}
