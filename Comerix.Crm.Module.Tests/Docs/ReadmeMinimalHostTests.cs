using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Comerix.Crm.Api.Keys;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Comerix.Crm.Tests.Docs;

/// <summary>
/// README.md's minimal host ("Add it to your ASP.NET Core site") works as printed: its C# block, read from the README
/// and compiled here as it stands, starts on SQLite in a temp directory, takes an event sent with an API key as the
/// README's curl example sends it, shows the contact, and sends a visitor of the admin pages to the host's sign-in.
/// </summary>
public sealed partial class ReadmeMinimalHostTests
{
    /// <summary>The implicit usings of an ASP.NET Core project (Microsoft.NET.Sdk.Web), which the block relies on.</summary>
    private const string WebSdkImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    [Fact]
    public async Task TheReadmesProgramStartsTakesTheCurlEventAndShowsTheContact()
    {
        var readme = await File.ReadAllTextAsync(RepositoryFile("README.md"));
        var program = CodeBlock(readme, "## Add it to your ASP.NET Core site", "csharp");
        var curl = CodeBlock(readme, "To see events arrive", "bash");
        var eventJson = CurlBody().Match(curl).Groups["json"].Value;
        Assert.Contains("-H \"Authorization: Bearer $KEY\"", curl);
        var main = Compile(program);
        var directory = Path.Combine(Path.GetTempPath(), "comerix-tests", Guid.NewGuid().ToString("N"));
        // The application name is the module's: this in-memory program has no build of its own, so the Razor pages
        // and static assets are found the way a host's build would list them, from the module.
        string[] args = ["--urls=http://127.0.0.1:0", $"--Crm:DataDirectory={directory}", "--applicationName=Comerix.Crm.Module"];
        using var hosts = new BuiltHosts(directory);
        var run = Task.Factory.StartNew(() => main.Invoke(null, [args]), TaskCreationOptions.LongRunning);
        if (await Task.WhenAny(hosts.Built.Task, run).WaitAsync(TimeSpan.FromSeconds(60)) == run)
        {
            await run; // the program's exception
            Assert.Fail("The README's program ended without building a host.");
        }
        var host = await hosts.Built.Task;
        try
        {
            await StartedAsync(host, run);
            var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
            string key;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var (created, problem) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync("Default", "Try it", "ingest,read", "test");
                key = created?.Key ?? throw new InvalidOperationException(problem);
            }

            // As the README says below the block: a new directory has no identity rules (SiteHost's default recipe
            // adds them), so the curl example's event, whose email is in its payload, is refused and says why...
            var refused = await SendEventAsync(http, key, eventJson);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("an event needs at least one identifier claim or a contactId", await refused.Content.ReadAsStringAsync());
            // ...and the same event carrying its own claims is taken.
            var withClaims = JsonNode.Parse(eventJson)!.AsObject();
            withClaims["claims"] = JsonNode.Parse("""[{ "type": "email", "value": "ada@example.com" }]""");
            withClaims["traits"] = JsonNode.Parse("""{ "name": "Ada Lovelace" }""");
            var sent = await SendEventAsync(http, key, withClaims.ToJsonString());
            Assert.True(sent.StatusCode == HttpStatusCode.OK, $"{(int)sent.StatusCode}: {await sent.Content.ReadAsStringAsync()}");

            using var read = new HttpRequestMessage(HttpMethod.Get, "/api/crm/contacts?q=ada%40example.com");
            read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var contacts = await http.SendAsync(read);
            var body = await contacts.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, contacts.StatusCode);
            Assert.Contains("\"Ada Lovelace\"", body);
            Assert.Contains("\"ada@example.com\"", body);

            // The admin pages are mapped, and challenge the host's own sign-in.
            var admin = await http.GetAsync("/admin/customers");
            Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
            Assert.Equal("/login", admin.Headers.Location!.AbsolutePath);
        }
        finally
        {
            host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            await run.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static Task<HttpResponseMessage> SendEventAsync(HttpClient http, string key, string json)
    {
        var send = new HttpRequestMessage(HttpMethod.Post, "/api/crm/events") { Content = new StringContent(json, new MediaTypeHeaderValue("application/json")) };
        send.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http.SendAsync(send);
    }

    /// <summary>The first fenced block of <paramref name="language"/> after the line starting with <paramref name="after"/>.</summary>
    private static string CodeBlock(string markdown, string after, string language)
    {
        var from = markdown.IndexOf("\n" + after, StringComparison.Ordinal);
        Assert.True(from >= 0, $"README.md has no line starting with \"{after}\"");
        var open = markdown.IndexOf($"\n```{language}\n", from, StringComparison.Ordinal) + language.Length + 5;
        return markdown[open..markdown.IndexOf("\n```", open, StringComparison.Ordinal)];
    }

    /// <summary>The program, compiled as a project made from the ASP.NET Core template would compile it.</summary>
    private static MethodInfo Compile(string program)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("ReadmeMinimalHost",
            [CSharpSyntaxTree.ParseText(program, parse, "README.md"), CSharpSyntaxTree.ParseText(WebSdkImplicitUsings, parse)],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return new AssemblyLoadContext("ReadmeMinimalHost").LoadFromStream(image).EntryPoint!;
    }

    /// <summary>Waits for the host to listen, or for the program to stop first (and says why).</summary>
    private static async Task StartedAsync(IHost host, Task run)
    {
        var started = new TaskCompletionSource();
        using var registration = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(started.SetResult);
        var first = await Task.WhenAny(started.Task, run).WaitAsync(TimeSpan.FromSeconds(60));
        if (first == run)
        {
            await run; // the program's exception, if it threw
            Assert.Fail("The README's program stopped before it started listening.");
        }
    }

    private static string RepositoryFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Comerix.Crm.sln")))
            {
                return Path.Combine(dir.FullName, name);
            }
        }
        throw new FileNotFoundException($"{name} not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"-d '(?<json>\{.*\})'")]
    private static partial Regex CurlBody();

    /// <summary>
    /// Catches the host the README's program builds (as WebApplicationFactory does: the hosting diagnostics), told
    /// from hosts other tests build at the same time by its data directory. Deletes the directory when done.
    /// </summary>
    private sealed class BuiltHosts : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _directory;
        private readonly List<IDisposable> _subscriptions = [];

        public BuiltHosts(string directory)
        {
            _directory = directory;
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public TaskCompletionSource<IHost> Built { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.Extensions.Hosting")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value is { Key: "HostBuilt", Value: IHost host }
                && host.Services.GetRequiredService<IConfiguration>()["Crm:DataDirectory"] == _directory)
            {
                Built.TrySetResult(host);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // Not created (the program stopped first), or a file still open: the temp folder is the OS's to clean.
            }
        }
    }
}
