using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using Comerix.Crm.Tests.Site;
using Xunit.Abstractions;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Api;

/// <summary>Alone: it measures what the whole process allocates while the site refuses a bomb.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CompressionBombCollection
{
    public const string Name = "compression bomb";
}

/// <summary>A gzip bomb is refused after the first few hundred KiB it inflates to: milliseconds, and no memory.</summary>
[Collection(CompressionBombCollection.Name)]
public sealed class CompressionBombTests(ITestOutputHelper output) : IDisposable
{
    private readonly SiteFactory _site = new();

    [Fact]
    public async Task AOneGibibyteGzipBombIs413OnEveryEndpointWithoutBeingInflated()
    {
        // A syntactically valid 1 GiB batch: the brackets around a gibibyte of spaces, gzipped as it is generated.
        var bomb = new MemoryStream();
        using (var gzip = new GZipStream(bomb, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write("{\"batch\":["u8);
            var spaces = Encoding.ASCII.GetBytes(new string(' ', 1024 * 1024));
            for (var i = 0; i < 1024; i++)
            {
                gzip.Write(spaces);
            }
            gzip.Write("]}"u8);
        }
        var compressed = bomb.ToArray();
        Assert.InRange(compressed.Length, 900_000, 1_200_000);

        using var api = _site.ApiClient(await _site.CreateApiKeyAsync());
        using var segment = _site.ApiClient(null);
        segment.DefaultRequestHeaders.Authorization = Basic(await _site.CreateApiKeyAsync());
        var before = await _site.StoredEventCountAsync();
        foreach (var (client, path) in new[] { (segment, "v1/batch"), (api, "api/crm/events"), (api, "api/crm/do-not-contact") })
        {
            await ProblemAsync(await client.PostAsync(path, CompressedBodyTests.Labelled(compressed, "gzip")), HttpStatusCode.RequestEntityTooLarge);
        }

        // Measured on a warm path: what the process allocates (every thread) and how long it takes, per request.
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var response = await segment.PostAsync("v1/batch", CompressedBodyTests.Labelled(compressed, "gzip"));
        clock.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Assert.Contains("inflates to more than 200 times its compressed size", await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge));
        output.WriteLine($"1 GiB gzip bomb ({compressed.Length:N0} bytes compressed): 413 in {clock.Elapsed.TotalMilliseconds:N1} ms, {allocated:N0} bytes allocated");
        // Inflating it would allocate a gibibyte; reading it whole, a megabyte. The refusal holds a few hundred KiB.
        Assert.InRange(allocated, 0, 4 * 1024 * 1024);
        Assert.Equal(before, await _site.StoredEventCountAsync());
    }

    public void Dispose() => _site.Dispose();
}
