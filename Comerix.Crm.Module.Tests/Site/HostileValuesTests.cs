using System.Net;
using AngleSharp.Dom;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Values no page of ours sends, typed into a link or a forged form by hand: a date at the end of the calendar, a
/// page number past int, a tick box that says "maybe". Each gets a field error, an empty result or a 400 that
/// names the field; never a 500.
/// </summary>
public sealed class HostileValuesTests
{
    /// <summary>The audit log's days at both ends of the calendar, in zones either side of UTC (where a day's start can leave it).</summary>
    [Theory]
    [InlineData("UTC")]
    [InlineData("Asia/Tokyo")]
    [InlineData("America/Los_Angeles")]
    public async Task AuditDaysAtTheEndsOfTheCalendarAreAnsweredNot500(string zone)
    {
        await using var site = new SiteFactory();
        site.Settings["Crm:TimeZone"] = zone;
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        // Something in the log: adding a customer is an entry.
        await admin.PostFormAsync("/admin/customers/create", "/admin/customers/create",
            new() { ["Input.Name"] = "Audit Edge", ["Input.Email"] = "edge@audit.test" });

        foreach (var (query, hasEntries) in new[]
        {
            ("to=9999-12-31", true), ("from=9999-12-31", false), ("from=9999-12-31&to=9999-12-31", false),
            ("from=0001-01-01", true), ("to=0001-01-01", false), ("from=0001-01-01&to=0001-01-01", false),
            ("from=0001-01-01&to=9999-12-31", true), ("from=9999-12-31&to=0001-01-01", false),
            ("from=10000-01-01", true), ("to=0000-12-31", true), ("from=0001-01-01&p=2147483647", true), ("p=2147483647", true),
        })
        {
            var response = await admin.GetAsync($"/admin/customers/audit?{query}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"audit?{query} in {zone} answered {(int)response.StatusCode}");
            var page = await admin.ReadAsync(response);
            var rows = page.QuerySelectorAll(".audit-table tbody tr").Length;
            Assert.True(hasEntries == rows > 0, $"audit?{query} in {zone}: {rows} rows");
        }
        // A day that is not a date is named and left out, as before.
        var named = await admin.ReadAsync(await admin.GetAsync("/admin/customers/audit?from=10000-01-01"));
        Assert.Contains(named.QuerySelectorAll(".alert-warning"), w => w.TextContent.Contains("\u201C10000-01-01\u201D"));
    }

    /// <summary>Other values read from links: the timeline's cursor, page numbers, the Activity inbox's switches.</summary>
    [Fact]
    public async Task OtherLinkValuesAtTheirLimitsAreAnsweredNot500()
    {
        await using var site = new SiteFactory();
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        var id = (await site.IngestAsync(Form("edge-1", Day1, Email("edge@links.test"))))[0].ContactId!.Value;
        foreach (var path in new[]
        {
            $"/admin/customers/{id}?before=9999-12-31T23:59:59.9999999Z", $"/admin/customers/{id}?before=0001-01-01",
            $"/admin/customers/{id}?before=maybe", $"/admin/customers/{id}?merged=99999999999999999999",
            "/admin/customers?p=2147483647", "/admin/customers?p=99999999999", "/admin/customers?p=-1", "/admin/customers?p=maybe",
            "/admin/customers/audit?p=99999999999", "/admin/customers/audit?verify=maybe",
            "/admin/customers/activity?anon=maybe&selected=99999999999999999999",
            $"/admin/customers/{id}/merge?other=99999999999999999999",
        })
        {
            var response = await admin.GetAsync(path);
            Assert.True((int)response.StatusCode < 500, $"GET {path} answered {(int)response.StatusCode}");
        }
    }

    /// <summary>
    /// Every form of every page in the routing table, each field in turn posted as "maybe" (and, for a tick box,
    /// empty and a number past long): no 500 anywhere. A tick box or number field that cannot be read is a 400 naming
    /// it before any handler runs, so no form acts on a value it could not read.
    /// </summary>
    [Fact]
    public async Task EveryFormFieldPostedAsMaybeIsAnsweredNot500()
    {
        await using var site = new SiteFactory();
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        var contact = (await site.IngestAsync(Form("walk-1", Day1, Email("walk@site.test")) with
            { Traits = new Dictionary<string, string> { ["name"] = "Walk Person" } }))[0].ContactId!.Value;
        var review = await ReviewItemAsync(site);
        long rule;
        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            rule = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().IdentityRules.Select(r => r.Id).FirstAsync();
        }

        var pages = site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p is not ("/error/{code:int}" or "/logout"))
            .Select(p => p
                .Replace("/matching/rules/{id:long}", $"/matching/rules/{rule}")
                .Replace("/matching/{id:long}", $"/matching/{review}")
                .Replace("{id:long}", contact.ToString())
                .Replace("/{id?}", "")
                .Replace("{id}", "no-such-import"))
            .Distinct().Order().ToList();
        // The approval merges the pair: walked last, so the other pages still find what they show.
        pages = [.. pages.OrderBy(p => p.Contains("/approve", StringComparison.Ordinal) || p.Contains("/reject", StringComparison.Ordinal))];

        var walked = new HashSet<string>();
        var failures = new List<string>();
        foreach (var path in pages)
        {
            var response = await admin.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                continue;
            }
            var page = await admin.ReadAsync(response);
            foreach (var form in page.QuerySelectorAll("form[method=post]"))
            {
                var action = form.GetAttribute("action") is { Length: > 0 } a ? a : path;
                if (action.EndsWith("/logout", StringComparison.Ordinal))
                {
                    continue;
                }
                var fields = Fields(page, form);
                foreach (var named in fields.GroupBy(f => f.Name))
                {
                    var (name, isTickBox) = (named.Key, named.Any(f => f.IsTickBox));
                    foreach (var value in isTickBox ? new[] { "maybe", "", "99999999999999999999" } : ["maybe"])
                    {
                        // What a browser sends, but this field (its tick box and the hidden "false" beside it) replaced.
                        var posted = fields.Where(f => f.Name != name && f.Value is not null).Select(f => KeyValuePair.Create(f.Name, f.Value!))
                            .Append(KeyValuePair.Create(name, value)).ToList();
                        var answer = await admin.Http.PostAsync(action, new FormUrlEncodedContent(posted));
                        var text = await answer.Content.ReadAsStringAsync();
                        walked.Add(name);
                        if ((int)answer.StatusCode >= 500)
                        {
                            failures.Add($"POST {action} {name}={value} (from {path}): {(int)answer.StatusCode}");
                        }
                        else if (isTickBox && value.Length > 0
                            && (answer.StatusCode != HttpStatusCode.BadRequest || !text.Contains($"\u201C{name}\u201D", StringComparison.Ordinal)))
                        {
                            failures.Add($"POST {action} {name}={value} (from {path}): {(int)answer.StatusCode}, not a 400 naming the field");
                        }
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The walk reached the tick boxes the review found (and so each page that has them).
        Assert.Superset(new HashSet<string>
        {
            "Input.Verified", "Suppress", "Input.Enabled", "Input.RecordConversion", "Input.Identifiers[0].Verified",
            "Input.Ingest", "Input.Read", "ids",
        }, walked);

        // The sign-in form, as a visitor: the tick box that says "maybe" is named, and nobody is signed in.
        using var visitor = await site.SignInAsync(null);
        var login = await visitor.PostFormAsync("/login", "/login", new()
        {
            ["Input.Email"] = SiteFactory.ViewerEmail, ["Input.Password"] = SiteFactory.Password, ["Input.RememberMe"] = "maybe",
        });
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.Contains("\u201CInput.RememberMe\u201D", await login.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.GetAsync("/admin/customers")).StatusCode);
    }

    /// <summary>Delete &amp; forget with a confirmation that matches and a "maybe" for keeping them off the lists: nothing is erased.</summary>
    [Fact]
    public async Task AnUnreadableTickBoxStopsTheFormItIsOn()
    {
        await using var site = new SiteFactory();
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        var id = (await site.IngestAsync(Form("keep-1", Day1, Email("keep@site.test"))))[0].ContactId!.Value;

        var refused = await admin.PostFormAsync($"/admin/customers/{id}/delete", $"/admin/customers/{id}/delete",
            new() { ["Confirmation"] = "DELETE", ["Suppress"] = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var text = await refused.Content.ReadAsStringAsync();
        Assert.Contains("\u201CSuppress\u201D", text);
        Assert.Contains("Nothing was changed", text);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/admin/customers/{id}")).StatusCode);

        // The same form with a value it can read goes ahead.
        var erased = await admin.PostFormAsync($"/admin/customers/{id}/delete", $"/admin/customers/{id}/delete",
            new() { ["Confirmation"] = "DELETE", ["Suppress"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/customers/{id}")).StatusCode);
    }

    /// <summary>A form field; <see cref="Value"/> is null for a tick box or radio button a browser would not send (not ticked).</summary>
    private sealed record Field(string Name, string? Value, bool IsTickBox);

    /// <summary>The fields a browser would send with <paramref name="form"/> (its own and those naming it by form=).</summary>
    private static List<Field> Fields(IDocument page, IElement form)
    {
        var id = form.GetAttribute("id");
        var controls = form.QuerySelectorAll("input[name], select[name], textarea[name]")
            .Concat(id is null ? [] : page.QuerySelectorAll($"[form='{id}'][name]"));
        var fields = new List<Field>();
        foreach (var control in controls)
        {
            var name = control.GetAttribute("name")!;
            var type = control.GetAttribute("type")?.ToLowerInvariant();
            if (type is "file" or "submit" or "button")
            {
                continue;
            }
            var value = control.LocalName switch
            {
                "select" => control.QuerySelector("option[selected]")?.GetAttribute("value") ?? control.QuerySelector("option")?.GetAttribute("value") ?? "",
                "textarea" => control.TextContent,
                _ => control.GetAttribute("value") ?? "",
            };
            // Not sent unless ticked, but walked all the same: a forged form sends what it likes.
            var sent = type is not ("checkbox" or "radio") || control.HasAttribute("checked");
            // A tick box whose value is text (one of a list of choices, such as a webhook's event types) binds to a
            // string, which reads any value: only those bound to a bool or a number can be unreadable.
            var typed = value is "true" or "false" || (value.Length > 0 && value.All(char.IsAsciiDigit));
            fields.Add(new Field(name, sent ? value : null, type == "checkbox" && typed));
        }
        return fields;
    }

    /// <summary>A pair of contacts in the review queue (an email of one and a phone of the other arrive together).</summary>
    private static async Task<long> ReviewItemAsync(SiteFactory site)
    {
        await site.IngestAsync(Form("pair-1", Day1, Email("pair@site.test")));
        await site.IngestAsync(Form("pair-2", Day1, Phone("+14155552671")));
        var tie = (await site.IngestAsync(Form("pair-3", Day1.AddDays(1), Email("pair@site.test"), Phone("+14155552671"))))[0];
        Assert.Equal(IngestOutcome.QueuedForReview, tie.Outcome);
        await using var scope = await site.TenantScopeAsync("Default");
        return await scope.ServiceProvider.GetRequiredService<CrmDbContext>().MergeReviews.Select(r => r.Id).FirstAsync();
    }
}
