using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Comerix.Crm.Recipes;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Custom fields: a manager defines them at /admin/customers/fields; their values are edited on the profile, checked by
/// type, and read back on the profile, the read API, the CSV export and the person's data export.
/// </summary>
public sealed class CustomFieldsTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string FieldsPage = "/admin/customers/fields";

    private static string Word() => "f" + Guid.NewGuid().ToString("N")[..7];

    private async Task<long> PersonAsync(string word, string who) =>
        (await site.IngestAsync(Form($"{word}-{who}", Day1, Email($"{who}.{word}@fields.test")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = $"{who} {word}" },
        }))[0].ContactId!.Value;

    private static Task<HttpResponseMessage> DefineAsync(SiteClient client, string key, string label, string type, string? options = null) =>
        client.PostFormAsync(FieldsPage, FieldsPage + "?handler=create", new()
        {
            ["Input.Key"] = key, ["Input.Label"] = label, ["Input.Type"] = type, ["Input.Options"] = options ?? "",
        });

    /// <summary>Posts the profile's Fields form: every field listed, values by field key (several for ticked boxes).</summary>
    private static async Task<HttpResponseMessage> SaveValuesAsync(SiteClient client, long id, params (string Key, string Value)[] values)
    {
        var profile = await client.GetPageAsync($"/admin/customers/{id}");
        var keys = profile.QuerySelectorAll("#fields input[name=fields]").Select(i => i.GetAttribute("value")!).ToList();
        var form = keys.Select(k => ("fields", k)).Concat(values.Select(v => ("field." + v.Key, v.Value)));
        return await client.PostFormPairsAsync($"/admin/customers/{id}", $"/admin/customers/{id}/fields", form);
    }

    private static string? Shown(IHtmlDocument profile, string label)
    {
        var terms = profile.QuerySelectorAll("#fields dt").ToList();
        return terms.FirstOrDefault(t => t.TextContent.Trim() == label)?.NextElementSibling?.TextContent.Trim();
    }

    [Fact]
    public async Task AManagerDefinesFieldsOfEveryTypeAndEachValueIsCheckedByItsType()
    {
        var word = Word();
        var id = await PersonAsync(word, "ada");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        // Definitions that cannot be fields are refused with the problem beside the input, nothing made.
        var badKey = await manager.ReadAsync(await DefineAsync(manager, "Plan Name", "Plan", "text"));
        Assert.Contains("lower-case letters, digits and underscores", badKey.QuerySelector("[data-valmsg-for='Input.Key']")!.TextContent);
        Assert.Equal("Plan Name", badKey.QuerySelector("#Input_Key")!.GetAttribute("value"));
        var noChoices = await manager.ReadAsync(await DefineAsync(manager, $"tier_{word}", "Tier", "one-of", " \n "));
        Assert.Contains("List the choices", noChoices.QuerySelector("[data-valmsg-for='Input.Options']")!.TextContent);

        Assert.Equal(HttpStatusCode.Redirect, (await DefineAsync(manager, $"note_{word}", "Note", "text")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await DefineAsync(manager, $"seats_{word}", "Seats", "number")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await DefineAsync(manager, $"renewal_{word}", "Renewal", "date")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await DefineAsync(manager, $"trial_{word}", "On trial", "yes-no")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await DefineAsync(manager, $"tier_{word}", "Tier", "one-of", "Bronze\r\nSilver\r\nGold")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await DefineAsync(manager, $"channels_{word}", "Channels", "many-of", "Email\nPhone\nPost")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await DefineAsync(manager, $"site_{word}", "Website", "url")).StatusCode);
        var twice = await manager.ReadAsync(await DefineAsync(manager, $"seats_{word}", "Seats again", "number"));
        Assert.Contains("exists already", twice.QuerySelector("[data-valmsg-for='Input.Key']")!.TextContent);
        var list = await manager.GetPageAsync(FieldsPage);
        Assert.Equal("Several of a list", list.QuerySelector($"tr[data-field='channels_{word}'] td:nth-child(3)")!.FirstChild!.TextContent.Trim());

        // Wrong values: each named beside its field, what was typed kept, and nothing saved (not even the good one).
        var refused = await manager.ReadAsync(await SaveValuesAsync(manager, id,
            ($"note_{word}", "Prefers mornings"), ($"seats_{word}", "twelve"), ($"renewal_{word}", "31/03/2027"),
            ($"tier_{word}", "Platinum"), ($"site_{word}", "javascript:alert(1)")));
        Assert.Contains("Nothing was saved", refused.QuerySelector(".alert-error")!.TextContent);
        Assert.Contains("is not a number", refused.QuerySelector($"#cf-seats_{word}-error")!.TextContent);
        // A decimal comma is refused, never read as a thousands separator (1,5 is not 15).
        var comma = await manager.ReadAsync(await SaveValuesAsync(manager, id, ($"seats_{word}", "1,5")));
        Assert.Contains("is not a number", comma.QuerySelector($"#cf-seats_{word}-error")!.TextContent);
        Assert.Equal("twelve", refused.QuerySelector($"#cf-seats_{word}")!.GetAttribute("value"));
        Assert.Contains("is not a date", refused.QuerySelector($"#cf-renewal_{word}-error")!.TextContent);
        Assert.Contains("not one of this field's choices", refused.QuerySelector($"#cf-tier_{word}-error")!.TextContent);
        Assert.Contains("is not a web address", refused.QuerySelector($"#cf-site_{word}-error")!.TextContent);
        Assert.Null(refused.QuerySelector($"#cf-note_{word}-error"));
        using (var viewer = await site.SignInAsync(SiteFactory.ViewerEmail))
        {
            Assert.Equal("—", Shown(await viewer.GetPageAsync($"/admin/customers/{id}"), "Note"));
        }

        // Right values, in the forms people type them; a choice in another case is the option as spelled.
        var saved = await SaveValuesAsync(manager, id,
            ($"note_{word}", "Prefers mornings"), ($"seats_{word}", "1,250.50"), ($"renewal_{word}", "2027-03-31"), ($"trial_{word}", "yes"),
            ($"tier_{word}", "gold"), ($"channels_{word}", "Post"), ($"channels_{word}", "Email"), ($"site_{word}", "https://ada.example/profile"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        using (var viewer = await site.SignInAsync(SiteFactory.ViewerEmail))
        {
            var profile = await viewer.GetPageAsync($"/admin/customers/{id}");
            Assert.Null(profile.QuerySelector("#fields form"));
            Assert.Equal("Prefers mornings", Shown(profile, "Note"));
            Assert.Equal("1,250.5", Shown(profile, "Seats"));
            Assert.Equal("31 Mar 2027", Shown(profile, "Renewal"));
            Assert.Equal("Yes", Shown(profile, "On trial"));
            Assert.Equal("Gold", Shown(profile, "Tier"));
            Assert.Equal("Email, Post", Shown(profile, "Channels"));
            Assert.Equal("https://ada.example/profile", profile.QuerySelector("#fields dd a")!.GetAttribute("href"));
        }

        using var detail = JsonDocument.Parse(await (await manager.GetAsync($"/api/crm/contacts/{id}")).Content.ReadAsStringAsync());
        var fields = detail.RootElement.GetProperty("fields");
        Assert.Equal(1250.5m, fields.GetProperty($"seats_{word}").GetDecimal());
        Assert.True(fields.GetProperty($"trial_{word}").GetBoolean());
        Assert.Equal("2027-03-31", fields.GetProperty($"renewal_{word}").GetString());
        Assert.Equal(["Email", "Post"], fields.GetProperty($"channels_{word}").EnumerateArray().Select(e => e.GetString()));

        var csv = (await (await manager.GetAsync($"/admin/customers/export?q={word}")).Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = csv[0].Split(',');
        var row = csv.Single(l => l.Contains($"ada.{word}"));
        Assert.Contains($"field:seats_{word}", header);
        Assert.Contains(",1250.5,2027-03-31,yes,Gold,\"Email, Post\",https://ada.example/profile", row);

        // A value sent empty is cleared; a field left out of the form is left alone.
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormPairsAsync($"/admin/customers/{id}", $"/admin/customers/{id}/fields",
            [("fields", $"seats_{word}"), ($"field.seats_{word}", "")])).StatusCode);
        var after = await manager.GetPageAsync($"/admin/customers/{id}");
        Assert.Equal("", after.QuerySelector($"#cf-seats_{word}")!.GetAttribute("value") ?? "");
        Assert.Equal("Prefers mornings", after.QuerySelector($"#cf-note_{word}")!.GetAttribute("value"));
    }

    [Fact]
    public async Task RenamingAFieldKeepsItsValuesAndDeletingOneSaysWhatGoesWithIt()
    {
        var word = Word();
        var id = await PersonAsync(word, "bob");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await DefineAsync(manager, $"plan_{word}", "Plan", "one-of", "Free\nPro");
        Assert.Equal(HttpStatusCode.Redirect, (await SaveValuesAsync(manager, id, ($"plan_{word}", "Pro"))).StatusCode);

        // Taking out a choice someone holds is refused and says how many hold it.
        var edit = $"{FieldsPage}/plan_{word}";
        var dropped = await manager.ReadAsync(await manager.PostFormAsync(edit, edit, new() { ["Input.Label"] = "Plan", ["Input.Options"] = "Free\nBusiness" }));
        Assert.Contains("1 contact holds a choice you took out", dropped.QuerySelector("[data-valmsg-for='Input.Options']")!.TextContent);

        var renamed = await manager.PostFormAsync(edit, edit, new() { ["Input.Label"] = "Subscription", ["Input.Options"] = "Free\nPro\nBusiness", ["Input.Position"] = "5" });
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        var profile = await manager.GetPageAsync($"/admin/customers/{id}");
        Assert.Equal("Subscription", profile.QuerySelector($"label[for='cf-plan_{word}']")!.TextContent.Trim());
        Assert.Equal("Pro", profile.QuerySelector($"#cf-plan_{word} option[selected]")!.TextContent);
        var badPosition = await manager.ReadAsync(await manager.PostFormAsync(edit, edit, new() { ["Input.Label"] = "Subscription", ["Input.Options"] = "Free\nPro", ["Input.Position"] = "first" }));
        Assert.Contains("a number from 0", badPosition.QuerySelector("[data-valmsg-for='Input.Position']")!.TextContent);

        var list = await manager.GetPageAsync(FieldsPage);
        var row = list.QuerySelector($"tr[data-field='plan_{word}']")!;
        Assert.Contains("1 contact", row.TextContent);
        Assert.Contains("The values of 1 contact are deleted with it.", row.QuerySelector(".confirm-pop")!.TextContent);

        var deleted = await manager.PostFormAsync(FieldsPage, FieldsPage + "?handler=delete", new() { ["key"] = $"plan_{word}" });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Contains("Deleted the field \u201CSubscription\u201D", (await manager.GetPageAsync(FieldsPage)).QuerySelector(".alert-success")!.TextContent);
        Assert.Null((await manager.GetPageAsync($"/admin/customers/{id}")).QuerySelector($"#cf-plan_{word}"));
        using var detail = JsonDocument.Parse(await (await manager.GetAsync($"/api/crm/contacts/{id}")).Content.ReadAsStringAsync());
        Assert.False(detail.RootElement.GetProperty("fields").TryGetProperty($"plan_{word}", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(edit)).StatusCode);
    }

    [Fact]
    public async Task TheFieldsPageExportsARecipeThatDefinesTheSameFieldsAgainAndChangesNothingTheSecondTime()
    {
        var word = Word();
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await DefineAsync(manager, $"size_{word}", "Company size", "one-of", "1-10\n11-50\n51+");
        var exported = await (await manager.GetAsync(FieldsPage + "?handler=export")).Content.ReadAsStringAsync();
        Assert.Contains($"\"key\": \"size_{word}\"", exported);

        // Deleted here, then made again by the exported recipe, with its choices; a second run leaves it alone.
        await manager.PostFormAsync(FieldsPage, FieldsPage + "?handler=delete", new() { ["key"] = $"size_{word}" });
        await using var scope = await site.TenantScopeAsync("Default");
        var recipes = scope.ServiceProvider.GetRequiredService<RecipeExecutor>();
        var log = new List<string>();
        await recipes.ExecuteAsync("Default", exported, log.Add);
        Assert.Contains(log, l => l.EndsWith($"contact field size_{word}: made", StringComparison.Ordinal));
        var row = (await manager.GetPageAsync(FieldsPage)).QuerySelector($"tr[data-field='size_{word}']")!;
        Assert.Contains("1-10, 11-50, 51+", row.TextContent);
        log.Clear();
        await recipes.ExecuteAsync("Default", exported, log.Add);
        Assert.Contains(log, l => l.EndsWith($"contact field size_{word}: unchanged", StringComparison.Ordinal));

        // A recipe that would change a field's type, or names an unknown type, is refused with the reason.
        var otherType = exported.Replace("\"one-of\"", "\"number\"", StringComparison.Ordinal);
        var changed = await Assert.ThrowsAsync<RecipeException>(() => recipes.ExecuteAsync("Default", otherType));
        Assert.Contains(changed.Errors, e => e.Contains("a field's type cannot change", StringComparison.Ordinal));
        var unknown = await Assert.ThrowsAsync<RecipeException>(() => recipes.ExecuteAsync("Default",
            """{ "name": "x", "steps": [ { "name": "contact-fields", "fields": [ { "key": "Bad Key", "label": "B", "type": "colour" } ] } ] }"""));
        Assert.Contains(unknown.Errors, e => e.Contains("fields[0]", StringComparison.Ordinal) && e.Contains("lower-case letters", StringComparison.Ordinal));
        Assert.Contains(unknown.Errors, e => e.Contains("Choose the kind of value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnImportSetsFieldsByTheirColumnsAndTheExportImportsBackTheSameValues()
    {
        var word = Word();
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await DefineAsync(manager, $"plan_{word}", $"Plan {word}", "one-of", "Free\nPro");
        await DefineAsync(manager, $"langs_{word}", "Languages", "many-of", "English\nFrench\nGerman");
        await DefineAsync(manager, $"seats_{word}", "Seats", "number");
        var file = $"""
            Name,Email,Plan {word},field:langs_{word},field:seats_{word}
            Ivy {word},ivy.{word}@imp.test,pro,French; english,"1,200"
            Jon {word},jon.{word}@imp.test,Free,,7
            Kim {word},kim.{word}@imp.test,Gold,,
            Lea {word},lea.{word}@imp.test,,German,many
            """;
        var upload = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "fields.csv", Encoding.UTF8.GetBytes(file));
        var jobUrl = upload.Headers.Location!.OriginalString;

        // A column named after a field's label or its export column is guessed as that field.
        var mapping = await manager.GetPageAsync(jobUrl);
        Assert.Equal(["name", "email", $"field:plan_{word}", $"field:langs_{word}", $"field:seats_{word}"],
            mapping.QuerySelectorAll("[data-testid=mapping] select").Select(s => s.QuerySelector("option[selected]")!.GetAttribute("value")));
        var start = await manager.PostFormAsync(jobUrl, $"{jobUrl}?handler=start", new()
        {
            ["map[0]"] = "name", ["map[1]"] = "email", ["map[2]"] = $"field:plan_{word}", ["map[3]"] = $"field:langs_{word}", ["map[4]"] = $"field:seats_{word}",
        });
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var done = await ContactImportTests.WaitUntilDoneAsync(manager, jobUrl);

        // A value its field cannot hold fails the row by column and field, never quoting the value.
        var errors = done.QuerySelectorAll("[data-testid=import-errors] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains($"“Plan {word}” is not a value of the field “Plan {word}” (one of a list)", errors[0]);
        Assert.Contains($"“field:seats_{word}” is not a value of the field “Seats” (number)", errors[1]);
        Assert.DoesNotContain("Gold", errors[0]);

        var csv = await (await manager.GetAsync($"/admin/customers/export?q={word}")).Content.ReadAsStringAsync();
        // Read back with the import's own CSV reader.
        static List<string[]> Rows(string text) => Comerix.Crm.Import.ImportCsv.DataRows(text.TrimStart('\uFEFF')).Select(r => r.Values).ToList();
        var header = Comerix.Crm.Import.ImportCsv.Header(csv.TrimStart('\uFEFF')).ToList();
        string Cell(string email, string column) => Rows(csv).Single(r => r[header.IndexOf("email")] == email)[header.IndexOf(column)];
        Assert.Equal("Pro", Cell($"ivy.{word}@imp.test", $"field:plan_{word}"));
        Assert.Equal("English, French", Cell($"ivy.{word}@imp.test", $"field:langs_{word}"));
        Assert.Equal("1200", Cell($"ivy.{word}@imp.test", $"field:seats_{word}"));
        Assert.Equal("Free", Cell($"jon.{word}@imp.test", $"field:plan_{word}"));

        // The export, imported again with its guessed mapping, gives the same values (an empty cell changes nothing).
        var again = await manager.PostFileAsync("/admin/customers/import", "/admin/customers/import", "file", "export.csv", Encoding.UTF8.GetBytes(csv));
        var againUrl = again.Headers.Location!.OriginalString;
        var guessed = (await manager.GetPageAsync(againUrl)).QuerySelectorAll("[data-testid=mapping] select")
            .Select((s, i) => ($"map[{i}]", s.QuerySelector("option[selected]")?.GetAttribute("value") ?? "")).ToDictionary(p => p.Item1, p => p.Item2);
        Assert.Equal($"field:langs_{word}", guessed[$"map[{header.IndexOf($"field:langs_{word}")}]"]);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync(againUrl, $"{againUrl}?handler=start", guessed)).StatusCode);
        await ContactImportTests.WaitUntilDoneAsync(manager, againUrl);
        var csvAgain = await (await manager.GetAsync($"/admin/customers/export?q={word}")).Content.ReadAsStringAsync();
        string Fields(string text) => string.Join("\n", Rows(text).Select(r => string.Join("|",
            header.Select((h, i) => (h, i)).Where(c => c.h.StartsWith("field:", StringComparison.Ordinal) || c.h == "email")
                .Select(c => r[c.i]))).Order());
        Assert.Equal(Fields(csv), Fields(csvAgain));
    }

    [Fact]
    public async Task EachUserChoosesTheListsColumnsContactFieldsAmongThem()
    {
        var word = Word();
        var id = await PersonAsync(word, "cal");
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        await DefineAsync(manager, $"tier_{word}", $"Tier {word}", "one-of", "Free\nPro");
        await SaveValuesAsync(manager, id, ($"tier_{word}", "Pro"));
        static List<string> Headers(IHtmlDocument page) =>
            page.QuerySelectorAll(".contacts-table thead th:not(.tick)").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Customer", "Email", "Phone", "Company", "Source", "Last seen"], Headers(await manager.GetPageAsync($"/admin/customers?q={word}")));

        // The Columns page: the filters ride along, and the list comes back as it was, with the chosen columns.
        var saved = await manager.PostFormPairsAsync($"/admin/customers?q={word}", "/admin/customers/columns",
            [("q", word), ("columns", "email"), ("columns", $"field:tier_{word}")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains($"q={word}", saved.Headers.Location!.OriginalString);
        var list = await manager.GetPageAsync($"/admin/customers?q={word}");
        Assert.Equal(["Customer", "Email", $"Tier {word}"], Headers(list));
        Assert.Contains("Pro", list.QuerySelector($"td[data-column='field:tier_{word}']")!.TextContent);
        Assert.Contains($"Email, Tier {word}", list.QuerySelector(".columns-link")!.TextContent);
        var columnsPage = await manager.GetPageAsync(list.QuerySelector("[data-testid=choose-columns]")!.GetAttribute("href")!);
        Assert.True(columnsPage.QuerySelector($"[data-testid=columns-form] input[value='field:tier_{word}']")!.HasAttribute("checked"));
        Assert.Equal(word, columnsPage.QuerySelector("[data-testid=columns-form] input[name=q]")!.GetAttribute("value"));
        // Search as you type re-renders the results with the same columns.
        using var request = new HttpRequestMessage(HttpMethod.Get, manager.Url($"/admin/customers?q={word}"));
        request.Headers.Add("X-Requested-With", "fetch");
        var partial = SiteClient.Parse(await (await manager.Http.SendAsync(request)).Content.ReadAsStringAsync());
        Assert.Equal(["Customer", "Email", $"Tier {word}"], Headers(partial));

        // Another user keeps their own (the default) columns.
        using var viewer = await site.SignInAsync(SiteFactory.ViewerEmail);
        Assert.Equal(["Customer", "Email", "Phone", "Company", "Source", "Last seen"], Headers(await viewer.GetPageAsync($"/admin/customers?q={word}")));

        // A column the list does not have is refused by name, nothing saved.
        var refused = await manager.ReadAsync(await manager.PostFormPairsAsync("/admin/customers/columns", "/admin/customers/columns",
            [("columns", "email"), ("columns", "password_hash")]));
        Assert.Contains("Choose columns from the list.", refused.QuerySelector(".alert-error")!.TextContent);
        Assert.Equal(["Customer", "Email", $"Tier {word}"], Headers(await manager.GetPageAsync($"/admin/customers?q={word}")));

        // A field deleted since drops out of the columns.
        await manager.PostFormAsync(FieldsPage, FieldsPage + "?handler=delete", new() { ["key"] = $"tier_{word}" });
        Assert.Equal(["Customer", "Email"], Headers(await manager.GetPageAsync($"/admin/customers?q={word}")));
    }
}
