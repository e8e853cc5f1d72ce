using Comerix.Crm.Data;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// Issue 16 item 3: an event reaching an identified contact only through claims anyone could type (a browser's or a
/// form's email) still lands on them, but its traits only fill their gaps; a verified claim of the event lets it
/// overwrite. Anonymous contacts take the newest traits as before. Events go in as one batch, the write-behind path.
/// Run on SQLite by <see cref="UnvouchedTraitsTests"/>, on PostgreSQL by <see cref="UnvouchedTraitsOnPostgresTests"/> and on the
/// in-memory resolution store by <see cref="UnvouchedTraitsInMemoryTests"/>.
/// </summary>
public abstract class UnvouchedTraitsScenarios(string provider) : ResolutionTestBase(provider)
{
    private static Dictionary<string, string> Traits(params (string Key, string Value)[] traits) =>
        traits.ToDictionary(t => t.Key, t => t.Value);

    private Task<IReadOnlyList<IngestResult>> IngestBatchAsync(params CrmEvent[] events) => Engine.IngestBatchAsync(Tenant, events);

    protected async Task An_identified_contact_reached_by_unverified_claims_only_gets_its_gaps_filled_Async()
    {
        var alice = (await IngestAsync(Form("alice", Day1, Email("alice@example.com", verified: true))
            with { Traits = Traits(("name", "Alice"), ("plan", "gold")) })).ContactId!.Value;
        // An anonymous visitor that has a trait of its own, folded into her by the second event.
        await IngestAsync(Telemetry("visit", Day1, Visitor("v-visit")) with { Traits = Traits(("plan", "trial"), ("city", "Paris")) });

        var results = await IngestBatchAsync(
            Telemetry("probe-1", Day1.AddDays(1), Visitor("v-probe"), Email("alice@example.com"))
                with { Traits = Traits(("name", "Alice Mallory"), ("plan", "free"), ("company", "Mallory Ltd")) },
            Form("probe-2", Day1.AddDays(2), Visitor("v-visit"), Email("ALICE@example.com"))
                with { Traits = Traits(("plan", "basic"), ("referrer", "ads")) });

        Assert.Equal([IngestOutcome.Attached, IngestOutcome.Merged], results.Select(r => r.Outcome));
        Assert.All(results, r => Assert.Equal(alice, r.ContactId));
        var contact = await Db.ContactAsync(alice);
        Assert.Equal("Alice", contact.DisplayName);
        Assert.Equal("Mallory Ltd", contact.Company); // she had none
        Assert.Equal("""{"city":"Paris","company":"Mallory Ltd","name":"Alice","plan":"gold","referrer":"ads"}""", contact.TraitsJson);
        Assert.Equal(Day1.AddDays(2).UtcDateTime, contact.LastSeen);
    }

    protected async Task A_verified_claim_of_the_event_may_overwrite_an_identified_contact_Async()
    {
        var alice = (await IngestAsync(Form("alice", Day1, Email("alice@example.com", verified: true))
            with { Traits = Traits(("name", "Alice"), ("plan", "gold")) })).ContactId!.Value;

        // The shop's server names its user (a verified customer id, new to her) alongside the email it already knew.
        var results = await IngestBatchAsync(
            Telemetry("server-1", Day1.AddDays(1), CustomerId("c-alice"), Email("alice@example.com"))
                with { Traits = Traits(("name", "Alice Liddell"), ("plan", "platinum")) },
            Telemetry("server-2", Day1.AddDays(2), CustomerId("c-alice"))
                with { Traits = Traits(("city", "Oxford"), ("plan", "diamond")) });

        Assert.All(results, r => Assert.Equal(alice, r.ContactId));
        var contact = await Db.ContactAsync(alice);
        Assert.Equal("Alice Liddell", contact.DisplayName);
        Assert.Equal("""{"city":"Oxford","name":"Alice Liddell","plan":"diamond"}""", contact.TraitsJson);
    }

    protected async Task An_unverified_form_on_an_anonymous_contact_still_names_it_and_takes_the_newest_traits_Async()
    {
        var visitor = (await IngestAsync(Chat("chat", Day1, Visitor("v-ada")) with { Traits = Traits(("name", "Ada"), ("plan", "free")) }))
            .ContactId!.Value;

        var results = await IngestBatchAsync(
            Form("form", Day1.AddDays(1), Visitor("v-ada"), Email("ada@example.com")) with { Traits = Traits(("name", "Ada Lovelace"), ("plan", "pro")) });

        Assert.Equal(visitor, results[0].ContactId);
        var contact = await Db.ContactAsync(visitor);
        Assert.True(contact.IsIdentified);
        Assert.Equal("Ada Lovelace", contact.DisplayName);
        Assert.Equal("""{"name":"Ada Lovelace","plan":"pro"}""", contact.TraitsJson);
    }
}

public sealed class UnvouchedTraitsTests() : UnvouchedTraitsScenarios(CrmDatabaseProviders.Sqlite)
{
    [Fact]
    public Task An_identified_contact_reached_by_unverified_claims_only_gets_its_gaps_filled() =>
        An_identified_contact_reached_by_unverified_claims_only_gets_its_gaps_filled_Async();

    [Fact]
    public Task A_verified_claim_of_the_event_may_overwrite_an_identified_contact() =>
        A_verified_claim_of_the_event_may_overwrite_an_identified_contact_Async();

    [Fact]
    public Task An_unverified_form_on_an_anonymous_contact_still_names_it_and_takes_the_newest_traits() =>
        An_unverified_form_on_an_anonymous_contact_still_names_it_and_takes_the_newest_traits_Async();
}

public sealed class UnvouchedTraitsOnPostgresTests() : UnvouchedTraitsScenarios(CrmDatabaseProviders.Postgres)
{
    [PostgresFact]
    public Task An_identified_contact_reached_by_unverified_claims_only_gets_its_gaps_filled() =>
        An_identified_contact_reached_by_unverified_claims_only_gets_its_gaps_filled_Async();

    [PostgresFact]
    public Task A_verified_claim_of_the_event_may_overwrite_an_identified_contact() =>
        A_verified_claim_of_the_event_may_overwrite_an_identified_contact_Async();

    [PostgresFact]
    public Task An_unverified_form_on_an_anonymous_contact_still_names_it_and_takes_the_newest_traits() =>
        An_unverified_form_on_an_anonymous_contact_still_names_it_and_takes_the_newest_traits_Async();
}

public sealed class UnvouchedTraitsInMemoryTests() : UnvouchedTraitsScenarios(GraphStore.InMemory)
{
    [Fact]
    public Task An_identified_contact_reached_by_unverified_claims_only_gets_its_gaps_filled() =>
        An_identified_contact_reached_by_unverified_claims_only_gets_its_gaps_filled_Async();

    [Fact]
    public Task A_verified_claim_of_the_event_may_overwrite_an_identified_contact() =>
        A_verified_claim_of_the_event_may_overwrite_an_identified_contact_Async();

    [Fact]
    public Task An_unverified_form_on_an_anonymous_contact_still_names_it_and_takes_the_newest_traits() =>
        An_unverified_form_on_an_anonymous_contact_still_names_it_and_takes_the_newest_traits_Async();
}
