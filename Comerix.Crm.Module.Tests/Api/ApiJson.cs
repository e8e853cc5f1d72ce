using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Comerix.Crm.Tests.Api;

/// <summary>Small helpers for talking JSON to the APIs and reading their answers.</summary>
internal static class ApiJson
{
    public static StringContent Body(string json, string contentType = "application/json") =>
        new(json, Encoding.UTF8, contentType);

    public static StringContent Body(object value) => Body(JsonSerializer.Serialize(value));

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>Posts one event to the native events API, asserts it was accepted and returns its result (outcome, contactId, …).</summary>
    public static async Task<JsonElement> PostEventAsync(HttpClient api, object evt)
    {
        var response = await api.PostAsync("api/crm/events", Body(evt));
        var answer = await ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, answer.ToString());
        return answer.GetProperty("events")[0];
    }

    /// <summary>Asserts a problem+json answer with <paramref name="status"/> and returns its text (detail and errors).</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("https://comerix.example/problems/", problem.GetProperty("type").GetString());
        return problem.GetProperty("detail").GetString() + " " +
            (problem.TryGetProperty("errors", out var errors) ? string.Join(" ", errors.EnumerateArray().Select(e => e.GetString())) : "");
    }

    public static AuthenticationHeaderValue Basic(string writeKey) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
}
