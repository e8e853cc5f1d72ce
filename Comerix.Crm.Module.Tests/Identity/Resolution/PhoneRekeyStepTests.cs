using Comerix.Crm.Contacts;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Matching;
using Comerix.Crm.Resolution;
using Microsoft.EntityFrameworkCore;
using static Comerix.Crm.Tests.Infrastructure.Events;
using Comerix.Crm.Tests.Infrastructure;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// The one-time re-key of phone identifiers to libphonenumber's E.164 (issue 16, item 4). The hand-written normaliser
/// read Argentina's "011 15 4123-4567" as +54 11 15 4123 4567; libphonenumber writes that mobile +54 9 11 4123 4567,
/// the key a number typed with its country code already had. Two old keys, one new key: the engine decides.
/// Run on SQLite by <see cref="PhoneRekeyStepTests"/> and on PostgreSQL by <see cref="PhoneRekeyStepOnPostgresTests"/>.
/// </summary>
public abstract class PhoneRekeyStepScenarios(string provider) : EngineTestBase(provider)
{
    private const string OldArgentineKey = "+54111541234567";  // "011 15 4123-4567" in AR, as the old normaliser keyed it
    private const string NewArgentineKey = "+5491141234567";   // libphonenumber's key for it, and for "+54 9 11 4123 4567"
    private const string Untouched = "+14155552671";

    private PhoneRekeyStep Step() => new(Db.Database, Db.Admin, Db.Options.Resolution, Db.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<PhoneRekeyStep>.Instance);

    /// <summary>An identified contact (by email) that also holds a phone key made before libphonenumber.</summary>
    private async Task<long> ContactWithStoredPhoneAsync(string id, string email, string phoneKey, bool verified, string type = IdentifierTypes.Phone)
    {
        var contactId = (await IngestAsync(Form(id, Day1, Email(email, verified)))).ContactId!.Value;
        await using var ctx = Db.Db();
        ctx.Identifiers.Add(new Identifier
        {
            TenantId = Tenant, Type = type, Value = phoneKey, DisplayValue = phoneKey,
            ContactId = contactId, Verified = verified, FirstSeen = Day1.UtcDateTime,
        });
        if (type == IdentifierTypes.Phone)
        {
            var contact = await ctx.Contacts.SingleAsync(c => c.TenantId == Tenant && c.Id == contactId);
            contact.Phone = phoneKey;
        }
        await ctx.SaveChangesAsync();
        return contactId;
    }

    protected async Task External_references_of_phone_channels_are_rekeyed_too_and_others_are_left_alone_Async()
    {
        var ada = await ContactWithStoredPhoneAsync("f1", "ada@example.com", "whatsapp:" + OldArgentineKey, verified: false, IdentifierTypes.ExternalRef);
        var bob = await ContactWithStoredPhoneAsync("f2", "bob@example.com", "shopify:+54111541234567", verified: false, IdentifierTypes.ExternalRef);

        var report = Assert.Single(await Step().RunAsync(CancellationToken.None));

        Assert.Equal(new PhoneRekeyReport(Tenant, 0, Rekeyed: 1, 0, 0, 0), report);
        var refs = await Db.QueryAsync(ctx => ctx.Identifiers.AsNoTracking().Where(i => i.Type == IdentifierTypes.ExternalRef).OrderBy(i => i.ContactId).ToListAsync());
        Assert.Equal([("whatsapp:" + NewArgentineKey, ada), ("shopify:+54111541234567", bob)], refs.Select(i => (i.Value, i.ContactId)));
    }

    private Task<List<Identifier>> PhonesAsync() =>
        Db.QueryAsync(ctx => ctx.Identifiers.AsNoTracking().Where(i => i.Type == IdentifierTypes.Phone).OrderBy(i => i.Value).ToListAsync());

    protected async Task Two_unverified_old_keys_that_become_one_number_are_a_review_item_and_nothing_is_overwritten_Async()
    {
        var ada = await ContactWithStoredPhoneAsync("f1", "ada@example.com", OldArgentineKey, verified: false);
        var bob = await ContactWithStoredPhoneAsync("f2", "bob@example.com", NewArgentineKey, verified: false);
        var carl = await ContactWithStoredPhoneAsync("f3", "carl@example.com", Untouched, verified: false);
        var carlBefore = await Db.IdentifiersOfAsync(carl);

        var reports = await Step().RunAsync(CancellationToken.None);

        Assert.Equal([new PhoneRekeyReport(Tenant, Unchanged: 2, Rekeyed: 0, Merged: 0, Queued: 1, KeptNotValid: 0)], reports);
        // What a manager sees: three people still, and Ada and Bob waiting side by side in the review queue.
        Assert.Equal(3, (await Db.LiveContactsAsync()).Count);
        var review = await Db.QueryAsync(ctx => ctx.MergeReviews.AsNoTracking().SingleAsync());
        Assert.Equal((Math.Min(ada, bob), Math.Max(ada, bob), MergeReasonCodes.UnverifiedTie, MergeReviewStatus.Pending),
            (review.ContactLowId, review.ContactHighId, review.ReasonCode, review.Status));
        // The key stays Bob's (never overwritten); the old key is gone; Ada's profile shows the number in its new form.
        Assert.Equal([(Untouched, carl), (NewArgentineKey, bob)], (await PhonesAsync()).Select(i => (i.Value, i.ContactId)));
        var contacts = await Db.LiveContactsAsync();
        Assert.Equal(NewArgentineKey, contacts.Single(c => c.Id == ada).Phone);
        Assert.True(contacts.Single(c => c.Id == ada).IsIdentified);
        // The unchanged number is untouched: same row, same contact, nothing added to Carl's timeline.
        Assert.Equivalent(carlBefore, await Db.IdentifiersOfAsync(carl));
        Assert.Equal(1, await Db.QueryAsync(ctx => ctx.Activities.CountAsync(a => a.ContactId == carl)));
    }

    protected async Task Two_verified_old_keys_that_become_one_number_are_merged_into_one_contact_Async()
    {
        var ada = await ContactWithStoredPhoneAsync("f1", "ada@example.com", OldArgentineKey, verified: true);
        var bob = await ContactWithStoredPhoneAsync("f2", "bob@example.com", NewArgentineKey, verified: true);

        var reports = await Step().RunAsync(CancellationToken.None);

        Assert.Equal(1, reports.Single().Merged);
        // One person now, holding both emails and the one phone key.
        var survivor = Assert.Single(await Db.LiveContactsAsync());
        Assert.Contains(survivor.Id, new[] { ada, bob });
        var identifiers = await Db.IdentifiersOfAsync(survivor.Id);
        Assert.Equal([NewArgentineKey, "ada@example.com", "bob@example.com"],
            identifiers.Select(i => i.Value).Order(StringComparer.Ordinal).ToArray());
        Assert.Empty(await Db.QueryAsync(ctx => ctx.MergeReviews.ToListAsync()));
    }

    protected async Task A_key_with_no_new_partner_is_rekeyed_on_its_contact_and_the_step_runs_once_Async()
    {
        var ada = await ContactWithStoredPhoneAsync("f1", "ada@example.com", OldArgentineKey, verified: true);
        var step = Step();

        var first = await step.RunAsync(CancellationToken.None);
        var second = await step.RunAsync(CancellationToken.None);
        var again = await step.RunForTenantAsync(Tenant, CancellationToken.None);

        Assert.Equal([new PhoneRekeyReport(Tenant, 0, Rekeyed: 1, 0, 0, 0)], first);
        Assert.Empty(second); // recorded: start-up does not run it again
        Assert.Equal(new PhoneRekeyReport(Tenant, Unchanged: 1, 0, 0, 0, 0), again); // and running it anyway changes nothing
        var phone = Assert.Single(await PhonesAsync());
        Assert.Equal((NewArgentineKey, ada, true), (phone.Value, phone.ContactId, phone.Verified));
        Assert.Equal(NewArgentineKey, (await Db.LiveContactsAsync()).Single().Phone);
        // Recorded for the tenant, and for the site as a whole (later start-ups do not scan the identifiers again).
        Assert.Equal([("", PhoneRekeyStep.StepName), (Tenant, PhoneRekeyStep.StepName)],
            (await Db.QueryAsync(ctx => ctx.DataSteps.OrderBy(s => s.TenantId).ToListAsync())).Select(s => (s.TenantId, s.Step)));
    }

    protected async Task An_old_key_libphonenumber_does_not_call_valid_is_kept_as_stored_Async()
    {
        var ada = await ContactWithStoredPhoneAsync("f1", "ada@example.com", "+447700900123", verified: false); // Ofcom's drama range

        var report = Assert.Single(await Step().RunAsync(CancellationToken.None));

        Assert.Equal(1, report.KeptNotValid);
        Assert.Equal([("+447700900123", ada)], (await PhonesAsync()).Select(i => (i.Value, i.ContactId)));
    }
}

public sealed class PhoneRekeyStepTests() : PhoneRekeyStepScenarios(CrmDatabaseProviders.Sqlite)
{
    [Fact]
    public Task External_references_of_phone_channels_are_rekeyed_too_and_others_are_left_alone() =>
        External_references_of_phone_channels_are_rekeyed_too_and_others_are_left_alone_Async();

    [Fact]
    public Task Two_unverified_old_keys_that_become_one_number_are_a_review_item_and_nothing_is_overwritten() =>
        Two_unverified_old_keys_that_become_one_number_are_a_review_item_and_nothing_is_overwritten_Async();

    [Fact]
    public Task Two_verified_old_keys_that_become_one_number_are_merged_into_one_contact() =>
        Two_verified_old_keys_that_become_one_number_are_merged_into_one_contact_Async();

    [Fact]
    public Task A_key_with_no_new_partner_is_rekeyed_on_its_contact_and_the_step_runs_once() =>
        A_key_with_no_new_partner_is_rekeyed_on_its_contact_and_the_step_runs_once_Async();

    [Fact]
    public Task An_old_key_libphonenumber_does_not_call_valid_is_kept_as_stored() =>
        An_old_key_libphonenumber_does_not_call_valid_is_kept_as_stored_Async();
}

/// <summary>The same re-key on PostgreSQL: its own SQL for the phone channels' prefixes, its own locks when two keys become one.</summary>
public sealed class PhoneRekeyStepOnPostgresTests() : PhoneRekeyStepScenarios(CrmDatabaseProviders.Postgres)
{
    [PostgresFact]
    public Task External_references_of_phone_channels_are_rekeyed_too_and_others_are_left_alone() =>
        External_references_of_phone_channels_are_rekeyed_too_and_others_are_left_alone_Async();

    [PostgresFact]
    public Task Two_unverified_old_keys_that_become_one_number_are_a_review_item_and_nothing_is_overwritten() =>
        Two_unverified_old_keys_that_become_one_number_are_a_review_item_and_nothing_is_overwritten_Async();

    [PostgresFact]
    public Task Two_verified_old_keys_that_become_one_number_are_merged_into_one_contact() =>
        Two_verified_old_keys_that_become_one_number_are_merged_into_one_contact_Async();

    [PostgresFact]
    public Task A_key_with_no_new_partner_is_rekeyed_on_its_contact_and_the_step_runs_once() =>
        A_key_with_no_new_partner_is_rekeyed_on_its_contact_and_the_step_runs_once_Async();

    [PostgresFact]
    public Task An_old_key_libphonenumber_does_not_call_valid_is_kept_as_stored() =>
        An_old_key_libphonenumber_does_not_call_valid_is_kept_as_stored_Async();
}
