using Comerix.Crm.Contacts;
using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// Creating and attaching. Run on SQLite by <see cref="CreateAndAttachTests"/> and on the in-memory resolution store by
/// <see cref="CreateAndAttachInMemoryTests"/>.
/// </summary>
public abstract class CreateAndAttachScenarios(string store) : ResolutionTestBase(store)
{
    [Fact]
    public async Task FirstFormWithEmailCreatesIdentifiedContact()
    {
        var result = await IngestAsync(Form("f1", Day1, Email("  Ada@Example.COM "), Visitor("v1")) with
        {
            Traits = new Dictionary<string, string> { ["name"] = "Ada Lovelace", ["company"] = "Analytical Engines" },
        });

        Assert.Equal(IngestOutcome.Created, result.Outcome);
        var contact = await Db.ContactAsync(result.ContactId!.Value);
        Assert.True(contact.IsIdentified);
        Assert.Equal("Ada@Example.COM", contact.Email);
        Assert.Equal("Ada Lovelace", contact.DisplayName);
        Assert.Equal("Analytical Engines", contact.Company);
        Assert.Equal(ContactSources.Form, contact.Source);
        var identifiers = await Db.IdentifiersOfAsync(contact.Id);
        Assert.Equal(["email:ada@example.com", "visitor_id:v1"], identifiers.Select(i => $"{i.Type}:{i.Value}"));
        Assert.Equal("Ada@Example.COM", identifiers[0].DisplayValue);
    }

    [Fact]
    public async Task ANoteAboutSomeoneLeavesTheirSeenTimesAlone()
    {
        var created = await IngestAsync(Form("f1", Day1, Email("seen@example.com")));
        var note = await IngestAsync(Make("n1", "note", Day1.AddDays(3)) with { ContactId = created.ContactId, PayloadJson = """{"text":"Called them"}""" });

        Assert.Equal(IngestOutcome.Attached, note.Outcome);
        var contact = await Db.ContactAsync(created.ContactId!.Value);
        Assert.Equal(Day1.UtcDateTime, contact.FirstSeen);
        Assert.Equal(Day1.UtcDateTime, contact.LastSeen);
        Assert.Equal(2, (await Db.ActivitiesAsync()).Count(a => a.ContactId == contact.Id));
    }

    [Fact]
    public async Task VisitorWithoutEmailOrPhoneIsAnonymous()
    {
        var result = await IngestAsync(Telemetry("t1", Day1, Visitor("v1")));

        var contact = await Db.ContactAsync(result.ContactId!.Value);
        Assert.False(contact.IsIdentified);
        Assert.Null(contact.Email);
        Assert.Equal(ContactSources.Telemetry, contact.Source);
    }

    [Fact]
    public async Task ReturningVisitorLandsOnTheSameContact()
    {
        var first = await IngestAsync(Telemetry("t1", Day1, Visitor("v1")));
        var second = await IngestAsync(Telemetry("t2", Day1.AddDays(7), Visitor("v1")));

        Assert.Equal(IngestOutcome.Attached, second.Outcome);
        Assert.Equal(first.ContactId, second.ContactId);
        Assert.Single(await Db.LiveContactsAsync());
        var contact = await Db.ContactAsync(first.ContactId!.Value);
        Assert.Equal(Day1.UtcDateTime, contact.FirstSeen);
        Assert.Equal(Day1.AddDays(7).UtcDateTime, contact.LastSeen);
    }

    [Fact]
    public async Task AnonymousChatterBecomesIdentifiedWhenTheirFormBringsAnEmail()
    {
        var chat = await IngestAsync(Chat("c1", Day1, Visitor("v1"), Conversation("conv-1")));
        var form = await IngestAsync(Form("f1", Day1.AddMinutes(5), Visitor("v1"), Email("ada@example.com")));

        Assert.Equal(IngestOutcome.Attached, form.Outcome);
        Assert.Equal(chat.ContactId, form.ContactId);
        var contact = await Db.ContactAsync(chat.ContactId!.Value);
        Assert.True(contact.IsIdentified);
        Assert.Equal(ContactSources.Chat, contact.Source);
        Assert.Equal(3, (await Db.IdentifiersOfAsync(contact.Id)).Count);
    }

    [Fact]
    public async Task SecondCustomerIdIsNotAttachedToAContactThatHasOne()
    {
        var order1 = await IngestAsync(Conversion("o1", Day1, 10m, CustomerId("cust-1"), Email("ada@example.com")));
        var order2 = await IngestAsync(Conversion("o2", Day1.AddDays(1), 10m, CustomerId("cust-2"), Email("ada@example.com")));

        Assert.Equal(order1.ContactId, order2.ContactId);
        var dropped = Assert.Single(order2.DroppedClaims);
        Assert.Equal((IdentifierTypes.CustomerId, "over_limit"), (dropped.Type, dropped.Reason));
        var customerIds = (await Db.IdentifiersOfAsync(order1.ContactId!.Value)).Where(i => i.Type == IdentifierTypes.CustomerId);
        Assert.Equal("cust-1", Assert.Single(customerIds).Value);
    }

    [Fact]
    public async Task AContactHoldsAtMostFiveEmails()
    {
        var first = await IngestAsync(Form("f0", Day1, Visitor("v1"), Email("a0@example.com")));
        for (var i = 1; i <= 6; i++)
        {
            await IngestAsync(Form($"f{i}", Day1.AddHours(i), Visitor("v1"), Email($"a{i}@example.com")));
        }

        var emails = (await Db.IdentifiersOfAsync(first.ContactId!.Value)).Count(i => i.Type == IdentifierTypes.Email);
        Assert.Equal(5, emails);
    }

    [Fact]
    public async Task JunkAndInvalidClaimsAreDroppedAndCounted()
    {
        var result = await IngestAsync(Form("f1", Day1,
            Email("undefined"), Email("not-an-email"), Visitor("null"), Visitor("[object Object]"), Phone("0"), Visitor("v-real")));

        Assert.Equal(IngestOutcome.Created, result.Outcome);
        Assert.Equal(5, result.DroppedClaims.Count);
        Assert.Equal(4, result.DroppedClaims.Count(d => d.Reason == "junk"));
        var identifier = Assert.Single(await Db.IdentifiersOfAsync(result.ContactId!.Value));
        Assert.Equal((IdentifierTypes.VisitorId, "v-real"), (identifier.Type, identifier.Value));
    }

    [Fact]
    public async Task EventWhoseEveryClaimIsJunkIsKeptButBelongsToNoContact()
    {
        var result = await IngestAsync(Telemetry("t1", Day1, Visitor("undefined"), Email("null")));

        Assert.Equal(IngestOutcome.Unattributed, result.Outcome);
        Assert.Null(result.ContactId);
        Assert.Empty(await Db.LiveContactsAsync());
        Assert.Single(await Db.ActivitiesAsync());
        Assert.Equal(IngestOutcome.Duplicate, (await IngestAsync(Telemetry("t1", Day1, Visitor("undefined")))).Outcome);
    }

    [Fact]
    public async Task VisitorsWhoSendTheSameJunkValueStaySeparatePeople()
    {
        await IngestAsync(Form("f1", Day1, Email("anonymous"), Email("ada@example.com")));
        await IngestAsync(Form("f2", Day1, Email("anonymous"), Email("bob@example.com")));

        Assert.Equal(2, (await Db.LiveContactsAsync()).Count);
    }

    [Fact]
    public async Task VerifiedClaimUpgradesAnUnverifiedIdentifier()
    {
        var form = await IngestAsync(Form("f1", Day1, Email("ada@example.com")));
        await IngestAsync(Conversion("o1", Day1.AddDays(1), 5m, Email("ada@example.com", verified: true)));

        var email = Assert.Single(await Db.IdentifiersOfAsync(form.ContactId!.Value));
        Assert.True(email.Verified);
    }

    [Fact]
    public async Task ConversionLinksTheRecordAndKeepsItsValue()
    {
        var result = await IngestAsync(Conversion("o1", Day1, 49.90m, CustomerId("cust-1")) with { Record = new SourceRecordRef("order", "A-1001") });

        var link = Assert.Single(await Db.LinksAsync());
        Assert.Equal((result.ContactId!.Value, "order", "A-1001"), (link.ContactId, link.RecordKind, link.RecordId));
        var activity = Assert.Single(await Db.ActivitiesAsync());
        Assert.Equal((49.90m, "EUR"), (activity.ConversionValue, activity.Currency));
    }

    [Fact]
    public async Task TraitsFromTheNewestEventWinAndOlderEventsOnlyFillGaps()
    {
        var first = await IngestAsync(Form("f1", Day1.AddDays(2), Visitor("v1")) with { Traits = new Dictionary<string, string> { ["plan"] = "pro" } });
        await IngestAsync(Form("f0", Day1, Visitor("v1")) with { Traits = new Dictionary<string, string> { ["plan"] = "free", ["city"] = "Berlin" } });
        await IngestAsync(Form("f2", Day1.AddDays(3), Visitor("v1")) with { Traits = new Dictionary<string, string> { ["plan"] = "enterprise" } });

        var contact = await Db.ContactAsync(first.ContactId!.Value);
        Assert.Equal("""{"city":"Berlin","plan":"enterprise"}""", contact.TraitsJson);
    }

    [Fact]
    public async Task TraitsNeverTieTwoPeopleTogether()
    {
        var traits = new Dictionary<string, string> { ["email"] = "shared@example.com", ["name"] = "Same Name" };
        await IngestAsync(Form("f1", Day1, Visitor("v1")) with { Traits = traits });
        await IngestAsync(Form("f2", Day1, Visitor("v2")) with { Traits = traits });

        Assert.Equal(2, (await Db.LiveContactsAsync()).Count);
    }

    [Fact]
    public async Task PhoneNumbersWrittenDifferentlyAreOneIdentifier()
    {
        var first = await IngestAsync(Form("f1", Day1, Phone("+1 (415) 555-2671")));
        var second = await IngestAsync(Chat("c1", Day1, Phone("011 1 415.555.2671")));
        var third = await IngestAsync(Chat("c2", Day1, Phone("1-415-555-2671")));

        Assert.Equal(first.ContactId, second.ContactId);
        Assert.Equal(first.ContactId, third.ContactId);
        Assert.Equal("+14155552671", (await Db.ContactAsync(first.ContactId!.Value)).Phone);
    }

    [Fact]
    public async Task ExplicitContactIdAttachesANoteToThatContact()
    {
        var form = await IngestAsync(Form("f1", Day1, Email("ada@example.com")));
        var note = await IngestAsync(new CrmEvent { Id = "n1", Type = "note", OccurredAt = Day1.AddDays(1), ContactId = form.ContactId });

        Assert.Equal((IngestOutcome.Attached, form.ContactId), (note.Outcome, note.ContactId));
    }
}

public sealed class CreateAndAttachTests() : CreateAndAttachScenarios(Comerix.Crm.Data.CrmDatabaseProviders.Sqlite);

public sealed class CreateAndAttachInMemoryTests() : CreateAndAttachScenarios(GraphStore.InMemory);
