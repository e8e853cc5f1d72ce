using System.Net;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Api.ApiJson;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Api;

/// <summary>
/// Lifting a do-not-contact mark: the mark goes, the audit entry and the timeline note come, all or nothing. A
/// lift whose note could not be written used to succeed without it.
/// </summary>
public sealed class DoNotContactLiftTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string Tenant = "Default";

    [Fact]
    public async Task ALiftWhoseReasonOrNoteCannotBeStoredChangesNothing()
    {
        site.StartServer();
        var id = (await site.IngestAsync(Form("lift-nul", Day1, Email("lift@dnc-lift.test"))))[0].ContactId!.Value;
        using var api = site.ApiClient(await site.CreateApiKeyAsync("ingest,read"));
        var marked = await api.PostAsync("api/crm/do-not-contact", Body(new { type = "email", value = "lift@dnc-lift.test", reason = "unsubscribed" }));
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        var (notes, audits) = await CountsAsync(id);

        var lift = await api.PostAsync("api/crm/do-not-contact/lift", Body("""{"type":"email","value":"lift@dnc-lift.test","why":"Subscribed\u0000again"}"""));
        Assert.Contains("$.why contains a NUL character", await ProblemAsync(lift, HttpStatusCode.BadRequest));
        await AssertStillMarkedAsync(id, notes, audits);

        await using var scope = await site.TenantScopeAsync(Tenant);
        var list = scope.ServiceProvider.GetRequiredService<DoNotContactList>();
        // The list refuses it too, whoever calls it (the admin page, another module).
        Assert.Contains("contains a NUL character", await list.AllowAsync(Tenant, id, "Subscribed\0again", "test"));
        await AssertStillMarkedAsync(id, notes, audits);

        // A note the engine refuses (here its author's name) is an error, not a lift without its reason.
        await Assert.ThrowsAsync<CrmValidationException>(() => list.AllowAsync(Tenant, id, "Subscribed again", "broken\0actor"));
        await AssertStillMarkedAsync(id, notes, audits);

        Assert.Null(await list.AllowAsync(Tenant, id, "Subscribed again", "test"));
        Assert.Null(await list.ForContactAsync(Tenant, id));
        Assert.Equal((notes + 1, audits + 1), await CountsAsync(id));
    }

    private async Task AssertStillMarkedAsync(long id, int notes, int audits)
    {
        await using var scope = await site.TenantScopeAsync(Tenant);
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<DoNotContactList>().ForContactAsync(Tenant, id));
        Assert.Equal((notes, audits), await CountsAsync(id));
    }

    private async Task<(int Notes, int Audits)> CountsAsync(long id)
    {
        await using var scope = await site.TenantScopeAsync(Tenant);
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        return (await db.Activities.CountAsync(a => a.TenantId == Tenant && a.ContactId == id && a.Type == "note"),
            await db.AuditEntries.CountAsync(a => a.TenantId == Tenant));
    }
}
