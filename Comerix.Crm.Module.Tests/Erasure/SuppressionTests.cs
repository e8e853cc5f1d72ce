using System.Net;
using Comerix.Crm.Data;
using Comerix.Crm.Tests.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Erasure;

/// <summary>The opt-in suppression list: a forgotten person who asked not to come back is not re-created by later events.</summary>
public sealed class SuppressionTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Fact]
    public async Task AfterAForgetWithSuppressionEventsCarryingThePersonsIdentifiersAreNotStored()
    {
        await site.EnsureUsersAsync();
        var contactId = (await site.IngestAsync(Form("sup-1", Day1, Email("Never.Again@suppress.test"), Phone("+1 415 555 0142"))))[0].ContactId!.Value;
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        var erased = await admin.PostFormAsync($"/admin/customers/{contactId}/delete", $"/admin/customers/{contactId}/delete",
            new() { ["Confirmation"] = "DELETE", ["Suppress"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);

        await using (var scope = await site.TenantScopeAsync("Default"))
        {
            var hashes = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Suppressions.Select(s => s.Hash).ToListAsync();
            Assert.Equal(2, hashes.Count);
            Assert.All(hashes, h => Assert.Matches("^[0-9a-f]{64}$", h));
        }

        using var api = site.ApiClient(await site.CreateApiKeyAsync());
        var before = await site.StoredEventCountAsync();
        foreach (var (id, claim) in new[] { ("sup-2", new { type = "email", value = "never.again@SUPPRESS.test" }), ("sup-3", new { type = "phone", value = "(415) 555-0142" }) })
        {
            var response = await api.PostAsync("api/crm/events", Body(new
            {
                id, type = "form", occurredAt = "2026-11-22T10:00:00Z",
                claims = new object[] { claim, new { type = "visitor_id", value = "v-" + id } },
                payload = new { note = "should not be kept" },
            }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var result = (await ReadAsync(response)).GetProperty("events")[0];
            Assert.Equal("suppressed", result.GetProperty("outcome").GetString());
        }
        Assert.Equal(before, await site.StoredEventCountAsync());

        var someoneElse = await api.PostAsync("api/crm/events", Body(new
        {
            id = "sup-4", type = "form", occurredAt = "2026-11-22T10:00:00Z", claims = new[] { new { type = "email", value = "someone.else@suppress.test" } },
        }));
        Assert.Equal("created", (await ReadAsync(someoneElse)).GetProperty("events")[0].GetProperty("outcome").GetString());
    }
}
