using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Resolution;
using Comerix.Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// The site runs the one-time data steps when it starts, after its own migration (it turns the module's start-up
/// migration off): an upgraded site's phone keys from before libphonenumber are re-keyed, on SQLite and PostgreSQL.
/// </summary>
public sealed class PhoneRekeyAtStartTests
{
    private const string OldArgentineKey = "+54111541234567";
    private const string NewArgentineKey = "+5491141234567";

    [Fact]
    public async Task OnSqliteAnUpgradedSiteRekeysOldPhoneKeysWhenItStarts()
    {
        await using var site = new SiteFactory();
        await AnUpgradedSiteRekeysOldPhoneKeysWhenItStartsAsync(site);
    }

    [PostgresFact]
    public async Task OnPostgresAnUpgradedSiteRekeysOldPhoneKeysWhenItStarts()
    {
        await using var database = await TestDatabase.CreatePostgresAsync();
        await using var site = SiteFactory.OnPostgres(database);
        await AnUpgradedSiteRekeysOldPhoneKeysWhenItStartsAsync(site);
    }

    private static async Task AnUpgradedSiteRekeysOldPhoneKeysWhenItStartsAsync(SiteFactory before)
    {
        before.StartServer();
        var contactId = (await before.IngestAsync(Form("rekey-at-start-1", Day1, Email("ada@rekey.test"))))[0].ContactId!.Value;
        await using (var scope = await before.TenantScopeAsync("Default"))
        {
            // As the hand-written normaliser keyed "011 15 4123-4567", before the step existed.
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.Identifiers.Add(new Identifier
            {
                TenantId = "Default", Type = IdentifierTypes.Phone, Value = OldArgentineKey, DisplayValue = OldArgentineKey,
                ContactId = contactId, FirstSeen = Day1.UtcDateTime,
            });
            (await db.Contacts.SingleAsync(c => c.Id == contactId)).Phone = OldArgentineKey;
            await db.SaveChangesAsync();
            await db.DataSteps.Where(s => s.Step == PhoneRekeyStep.StepName).ExecuteDeleteAsync();
        }

        await using var upgraded = new SiteFactory();
        foreach (var (key, value) in before.Settings)
        {
            upgraded.Settings[key] = value;
        }
        upgraded.Settings["data-dir"] = before.DataDirectory;
        upgraded.StartServer();

        await using var after = await upgraded.TenantScopeAsync("Default");
        var ctx = after.ServiceProvider.GetRequiredService<CrmDbContext>();
        Assert.Equal([NewArgentineKey], await ctx.Identifiers.AsNoTracking()
            .Where(i => i.ContactId == contactId && i.Type == IdentifierTypes.Phone).Select(i => i.Value).ToListAsync());
        Assert.Equal(NewArgentineKey, (await ctx.Contacts.AsNoTracking().SingleAsync(c => c.Id == contactId)).Phone);
        Assert.Contains(await ctx.DataSteps.AsNoTracking().Select(s => s.TenantId + "/" + s.Step).ToListAsync(), s => s == "/" + PhoneRekeyStep.StepName);
    }
}
