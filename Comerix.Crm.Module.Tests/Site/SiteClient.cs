using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Comerix.Crm.Tests.Site;

/// <summary>An HTTP client that behaves like a browser user: reads pages, fills in forms with their antiforgery token.</summary>
public sealed class SiteClient(HttpClient http, string pathBase) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http => http;

    public string Url(string path) => pathBase + path;

    public async Task SignInAsync(string email, string password)
    {
        var response = await PostFormAsync("/login", "/login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(Url(path));

    public async Task<IHtmlDocument> GetPageAsync(string path)
    {
        var response = await GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}");
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>Loads <paramref name="formPage"/>, takes the antiforgery token of its form, posts the fields.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields) =>
        PostFormPairsAsync(formPage, action, fields.Select(f => (f.Key, f.Value)));

    /// <summary>As above, for a form that sends one name several times (ticked checkboxes).</summary>
    public async Task<HttpResponseMessage> PostFormPairsAsync(string formPage, string action, IEnumerable<(string Name, string Value)> fields)
    {
        var token = await AntiforgeryTokenAsync(formPage);
        var pairs = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token));
        return await http.PostAsync(Url(action), new FormUrlEncodedContent(pairs));
    }

    /// <summary>The antiforgery token of <paramref name="formPage"/>'s first form that has one.</summary>
    private async Task<string> AntiforgeryTokenAsync(string formPage)
    {
        var page = await GetPageAsync(formPage);
        return page.QuerySelectorAll("form[method=post] input[name=__RequestVerificationToken]")
            .Select(i => i.GetAttribute("value")).FirstOrDefault(v => !string.IsNullOrEmpty(v))
            ?? throw new InvalidOperationException($"{formPage} has no form with an antiforgery token");
    }

    /// <summary>Loads <paramref name="formPage"/>, takes its antiforgery token, uploads <paramref name="content"/> as a file field.</summary>
    public async Task<HttpResponseMessage> PostFileAsync(string formPage, string action, string field, string fileName, byte[] content)
    {
        var token = await AntiforgeryTokenAsync(formPage);
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, field, fileName);
        return await http.PostAsync(Url(action), form);
    }

    public async Task<IHtmlDocument> ReadAsync(HttpResponseMessage response) =>
        Parser.ParseDocument(await response.Content.ReadAsStringAsync());

    public void Dispose() => http.Dispose();
}
