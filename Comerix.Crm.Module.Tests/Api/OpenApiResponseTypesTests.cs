using System.Text.Json;
using Comerix.Crm.Tests.Site;
using static Comerix.Crm.Tests.Api.ApiJson;

namespace Comerix.Crm.Tests.Api;

/// <summary>
/// The handlers' typed results describe their answers in the OpenAPI document: each success names its body's schema,
/// the Segment routes included, and the list's query parameters are listed one by one.
/// </summary>
public sealed class OpenApiResponseTypesTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Theory]
    [InlineData("/api/crm/events", "post", "200", "NativeIngestResponse")]
    [InlineData("/api/crm/do-not-contact", "post", "200", "DoNotContactResponseJson")]
    [InlineData("/api/crm/contacts", "get", "200", "ContactListJson")]
    [InlineData("/api/crm/contacts/{id}", "get", "200", "ContactDetailsJson")]
    [InlineData("/api/crm/contacts/{id}/activities", "get", "200", "ActivityPageJson")]
    [InlineData("/api/crm/erasure", "post", "200", "ErasureStatusJson")]
    [InlineData("/api/crm/erasure", "post", "202", "ErasureStatusJson")]
    [InlineData("/api/crm/contacts/{id}/export", "get", "200", "PersonalDataExportJson")]
    [InlineData("/v1/track", "post", "200", "SegmentAckJson")]
    [InlineData("/v1/batch", "post", "200", "SegmentAckJson")]
    public async Task ASuccessNamesItsBodysSchema(string path, string method, string status, string schema)
    {
        var response = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status);
        var reference = response.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
        Assert.Equal($"#/components/schemas/{schema}", reference);
    }

    [Fact]
    public async Task TheContactListsQueryParametersAreListed()
    {
        var parameters = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/crm/contacts").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["q", "source", "audience", "page", "tag", "seen", "contactable", "stage", "owner", "segment"], parameters);
    }

    [Fact]
    public async Task MetricsAndPreflightsDeclareTheirNoContent()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        Assert.True(paths.GetProperty("/v1/m").GetProperty("post").GetProperty("responses").TryGetProperty("204", out _));
        Assert.True(paths.GetProperty("/v1/track").GetProperty("options").GetProperty("responses").TryGetProperty("204", out _));
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = site.ApiClient(null);
        return await ReadAsync(await client.GetAsync("openapi/crm.json"));
    }
}
