using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Comerix.Crm.Resolution;
using Comerix.Crm.Tests.Site;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Api;

/// <summary>
/// Content-Encoding on every ingestion endpoint: gzip and deflate (zlib-wrapped, as HTTP says, and raw, as some
/// clients send) are decoded within the limits; what cannot be decoded is refused by name and stores nothing.
/// </summary>
public sealed class CompressedBodyTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    public static TheoryData<string> Codings() => ["gzip", "x-gzip", "deflate (zlib)", "deflate (raw)"];

    [Theory]
    [MemberData(nameof(Codings))]
    public async Task ACompressedBodyDeliversOnTheNativeSegmentAndDoNotContactEndpoints(string coding)
    {
        var tag = new string(coding.Where(char.IsLetter).ToArray());
        using var api = site.ApiClient(await site.CreateApiKeyAsync("ingest,read"));

        var native = await api.PostAsync("api/crm/events", Compressed(coding, JsonSerializer.Serialize(new
        {
            id = $"gz-native-{tag}", type = "form", occurredAt = "2026-11-20T10:00:00Z",
            claims = new[] { new { type = "email", value = $"native-{tag}@gzip.test" } },
            payload = new { name = "Ada Gzip" },
        })));
        Assert.Equal(HttpStatusCode.OK, native.StatusCode);
        var contactId = (await ReadAsync(native)).GetProperty("events")[0].GetProperty("contactId").GetInt64();
        Assert.Equal("Ada Gzip", (await ReadAsync(await api.GetAsync($"api/crm/contacts/{contactId}"))).GetProperty("name").GetString());

        using var segment = await SegmentClientAsync();
        var batch = await segment.PostAsync("v1/batch", Compressed(coding, JsonSerializer.Serialize(new
        {
            batch = new object[]
            {
                new { type = "identify", userId = $"gz-user-{tag}", traits = new { email = $"segment-{tag}@gzip.test" }, messageId = $"gz-i-{tag}" },
                new { type = "track", userId = $"gz-user-{tag}", @event = "Signed Up", messageId = $"gz-t-{tag}" },
            },
        })));
        Assert.Equal("{\"success\":true}", await batch.Content.ReadAsStringAsync());
        Assert.Equal(2, await StoredAsync($"gz-i-{tag}", $"gz-t-{tag}"));

        var person = (await site.Services.GetRequiredService<IdentityEngine>().IngestBatchAsync("Default",
            [Form($"gz-dnc-{tag}", Day1, Email($"dnc-{tag}@gzip.test"))]))[0].ContactId!.Value;
        var marked = await api.PostAsync("api/crm/do-not-contact",
            Compressed(coding, JsonSerializer.Serialize(new { type = "email", value = $"dnc-{tag}@gzip.test", reason = "unsubscribed" })));
        var answer = await ReadAsync(marked);
        Assert.Equal(person, answer.GetProperty("contactId").GetInt64());
        Assert.True(answer.GetProperty("changed").GetBoolean());
    }

    [Fact]
    public async Task TheRudderStackWireFormatGzippedJsonLabelledAFormDeliversOnSegmentRoutesOnly()
    {
        // What @rudderstack/rudder-sdk-node sends at its defaults (SegmentClientTests runs the package itself).
        using var segment = await SegmentClientAsync();
        var json = """{"batch":[{"type":"identify","userId":"rs-wire","traits":{"email":"rs-wire@rudder.test"},"messageId":"rs-wire-1","channel":"server","originalTimestamp":"2026-11-20T10:00:00Z"}],"sentAt":"2026-11-20T10:00:01Z"}""";
        var sent = await segment.PostAsync("v1/batch", Compressed("gzip", json, "application/x-www-form-urlencoded"));
        Assert.Equal("{\"success\":true}", await sent.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await segment.PostAsync("v1/identify", Body("""{"userId":"rs-wire","messageId":"rs-wire-2"}""", "application/x-www-form-urlencoded"))).StatusCode);

        var before = await site.StoredEventCountAsync();
        // A real form is not JSON: still 415, as it is on the native API even when it is JSON.
        Assert.Contains("only when it is a JSON object", await ProblemAsync(
            await segment.PostAsync("v1/identify", Body("userId=rs-form&traits=x", "application/x-www-form-urlencoded")), HttpStatusCode.UnsupportedMediaType));
        using var native = site.ApiClient(await site.CreateApiKeyAsync());
        await ProblemAsync(await native.PostAsync("api/crm/events", Compressed("gzip", """{"id":"rs-native","type":"form"}""", "application/x-www-form-urlencoded")),
            HttpStatusCode.UnsupportedMediaType);
        // A body that looks like JSON but is not is the JSON syntax error it is.
        Assert.Contains("not valid JSON", await ProblemAsync(
            await segment.PostAsync("v1/batch", Compressed("gzip", """{"batch":[""", "application/x-www-form-urlencoded")), HttpStatusCode.BadRequest));
        Assert.Equal(before, await site.StoredEventCountAsync());
    }

    public static TheoryData<string, string> UnknownEncodings() => new()
    {
        { "br", "'br'" },
        { "zstd", "'zstd'" },
        { "x-foo", "'x-foo'" },
        { "compress", "'compress'" },
        { "gzip, gzip", "'gzip, gzip' stacks 2 codings" },
        { "identity, deflate, gzip", "'deflate, gzip' stacks 2 codings" },
    };

    [Theory]
    [MemberData(nameof(UnknownEncodings))]
    public async Task AnEncodingWeDoNotDecodeIs415NamingItAndStoresNothing(string header, string named)
    {
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        var before = await site.StoredEventCountAsync();
        var json = Encoding.UTF8.GetBytes("""{"id":"enc-1","type":"form","occurredAt":"2026-11-20T10:00:00Z","claims":[{"type":"email","value":"enc@gzip.test"}]}""");
        var body = header.StartsWith("gzip", StringComparison.Ordinal) ? Compress("gzip", Compress("gzip", json)) : json;
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var coding in header.Split(", "))
        {
            content.Headers.ContentEncoding.Add(coding);
        }
        var response = await api.PostAsync("api/crm/events", content);
        Assert.Contains(named, await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType));
        Assert.Contains("unsupported-content-encoding", await response.Content.ReadAsStringAsync());
        // RFC 9110 §15.5.16: a 415 for a content coding says which codings would have been accepted.
        Assert.Equal("gzip, deflate", string.Join(", ", response.Headers.GetValues("Accept-Encoding")));
        Assert.Equal(before, await site.StoredEventCountAsync());
    }

    public static TheoryData<string, string, string> BrokenBodies() => new()
    {
        { "gzip cut in half", "gzip", "not valid gzip: it ends before" },
        { "gzip without its trailer", "gzip", "not valid gzip: it ends before" },
        { "gzip with a flipped byte", "gzip", "not valid gzip: its compressed data is corrupt" },
        { "gzip with a wrong checksum", "gzip", "not valid gzip: its compressed data is corrupt" },
        { "plain JSON said to be gzip", "gzip", "not valid gzip: its compressed data is corrupt" },
        { "gzip with something after it", "gzip", "not valid gzip: it ends before its compressed data does (truncated), or does not end with it" },
        { "empty body said to be gzip", "gzip", "not valid gzip" },
        { "zlib cut in half", "deflate (zlib)", "not valid deflate: it ends before" },
        { "zlib without its checksum", "deflate (zlib)", "not valid deflate: it ends before" },
        // Raw deflate has no trailer: a cut leaves JSON that does not parse.
        { "raw deflate cut in half", "deflate (raw)", "The body is not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public async Task ACorruptOrTruncatedCompressedBodyIs400AndStoresNothing(string what, string coding, string named)
    {
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        var json = Encoding.UTF8.GetBytes("{\"events\":[" + string.Join(",", Enumerable.Range(0, 40).Select(i =>
            $$"""{"id":"broken-{{i}}","type":"form","occurredAt":"2026-11-20T10:00:00Z","claims":[{"type":"email","value":"broken-{{i}}@gzip.test"}]}"""
        )) + "]}");
        var whole = Compress(coding, json);
        byte[] body = what switch
        {
            _ when what.Contains("cut in half") => whole[..(whole.Length / 2)],
            _ when what.Contains("without its") => whole[..^4],
            "gzip with a flipped byte" => Flip(whole, whole.Length / 2),
            "gzip with a wrong checksum" => Flip(whole, whole.Length - 6),
            "plain JSON said to be gzip" => json,
            "gzip with something after it" => [.. whole, .. "{}"u8.ToArray()],
            "empty body said to be gzip" => [],
            _ => throw new ArgumentException(what),
        };
        var before = await site.StoredEventCountAsync();
        var response = await api.PostAsync("api/crm/events", Labelled(body, coding));
        var detail = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(detail.Contains(named, StringComparison.Ordinal), $"{what}: '{detail}' does not say '{named}'");
        Assert.Equal(before, await site.StoredEventCountAsync());
    }

    [Fact]
    public async Task TheLimitIsOnTheDecompressedBytesAndOnTheCompressedBytesRead()
    {
        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        var before = await site.StoredEventCountAsync();
        // 1.5 MiB of ordinary events, 1/12 of that compressed (an honest ratio): the decompressed size is what counts.
        var big = Encoding.UTF8.GetBytes("{\"events\":[" + string.Join(",", Enumerable.Range(0, 9000).Select(i =>
            $$$"""{"id":"big-{{{i}}}","type":"form","occurredAt":"2026-11-20T10:00:00Z","claims":[{"type":"email","value":"big-{{{i}}}@gzip.test"}],"payload":{"n":{{{i * 7919 % 100003}}}}}"""
        )) + "]}");
        var compressed = Compress("gzip", big);
        Assert.InRange(compressed.Length, 1, 1024 * 1024 / 4);
        Assert.Contains("limited to 1,048,576 bytes once decompressed", await ProblemAsync(
            await api.PostAsync("api/crm/events", Labelled(compressed, "gzip")), HttpStatusCode.RequestEntityTooLarge));

        // Compressed, yet over the limit on the wire, and sent without a Content-Length: cut where the limit is.
        var noise = new byte[1100 * 1024];
        new Random(16).NextBytes(noise);
        var unsized = new StreamContent(new NoLengthStream(Compress("gzip", noise)));
        unsized.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        unsized.Headers.ContentEncoding.Add("gzip");
        Assert.Contains("limited to 1,048,576 bytes", await ProblemAsync(await api.PostAsync("api/crm/events", unsized), HttpStatusCode.RequestEntityTooLarge));
        Assert.Equal(before, await site.StoredEventCountAsync());
    }

    [Fact]
    public async Task TheMostCompressibleHonestBatchWeCouldBuildIsUnderTheRatioAndDelivers()
    {
        // 1,000 browser events with analytics.js's whole context, one visitor, one time, differing only in a counter:
        // 133:1 gzipped, where the real SDKs' batches are 8 to 21:1. The ratio refused is 200:1.
        var context = new
        {
            library = new { name = "analytics.js", version = "npm:next-1.70.0" },
            userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
            userAgentData = new { brands = new[] { new { brand = "Not/A)Brand", version = "8" }, new { brand = "Chromium", version = "126" } }, mobile = false, platform = "Linux" },
            locale = "en-US", timezone = "Europe/Oslo",
            page = new { path = "/pricing", referrer = "https://www.google.com/", search = "?utm_source=news", title = "Pricing", url = "https://shop.test/pricing?utm_source=news" },
            campaign = new { source = "news", medium = "email", name = "spring" },
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            batch = Enumerable.Range(0, 1000).Select(i => new
            {
                type = "track", @event = "Viewed Product", anonymousId = "ratio-visitor", messageId = $"ratio-{i:D6}",
                timestamp = "2026-11-20T10:00:00Z", properties = new { sku = "sku-1", price = 19.99 }, context,
            }),
            sentAt = "2026-11-20T10:00:00Z",
        });
        var compressed = Compress("gzip", json);
        Assert.InRange(json.Length / compressed.Length, 100, 199);

        using var segment = await SegmentClientAsync();
        var before = await site.StoredEventCountAsync();
        var response = await segment.PostAsync("v1/batch", Labelled(compressed, "gzip"));
        Assert.Equal("{\"success\":true}", await response.Content.ReadAsStringAsync());
        Assert.Equal(before + 1000, await site.StoredEventCountAsync());
    }

    [Fact]
    public void TheSiteRefusesToStartWithAspNetCoresOwnRequestDecompression()
    {
        // It would decode first, without the bounds, and the endpoints could not tell.
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddRequestDecompression();
        using var app = builder.Build();
        var refused = Assert.Throws<InvalidOperationException>(() => app.MapComerixCrm());
        Assert.Contains("AddRequestDecompression", refused.Message);
    }

    /// <summary>Authenticated as Segment and RudderStack clients are: HTTP Basic, the key as user name.</summary>
    private async Task<HttpClient> SegmentClientAsync()
    {
        var client = site.ApiClient(null);
        client.DefaultRequestHeaders.Authorization = Basic(await site.CreateApiKeyAsync());
        return client;
    }

    private async Task<int> StoredAsync(params string[] eventIds)
    {
        await using var scope = await site.TenantScopeAsync("Default");
        var db = scope.ServiceProvider.GetRequiredService<Comerix.Crm.Data.CrmDbContext>();
        return db.Activities.Count(a => a.TenantId == "Default" && eventIds.Contains(a.EventId));
    }

    internal static ByteArrayContent Compressed(string coding, string json, string contentType = "application/json") =>
        Labelled(Compress(coding, Encoding.UTF8.GetBytes(json)), coding, contentType);

    internal static ByteArrayContent Labelled(byte[] body, string coding, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Headers.ContentEncoding.Add(coding.Split(' ')[0]);
        return content;
    }

    internal static byte[] Compress(string coding, byte[] data)
    {
        var output = new MemoryStream();
        using (Stream compressor = coding switch
        {
            "gzip" or "x-gzip" => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "deflate (zlib)" => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "deflate (raw)" => new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true),
            _ => throw new ArgumentException(coding),
        })
        {
            compressor.Write(data);
        }
        return output.ToArray();
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x5A;
        return copy;
    }

    /// <summary>A body whose length the client does not know, so it goes without a Content-Length.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
