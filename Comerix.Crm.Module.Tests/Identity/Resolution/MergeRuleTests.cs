using Comerix.Crm.Activity;
using Comerix.Crm.Audit;
using Comerix.Crm.Contacts;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// DESIGN.md §3's merge rules. Run on SQLite by <see cref="MergeRuleTests"/> and on the in-memory resolution store by
/// <see cref="MergeRuleInMemoryTests"/>.
/// </summary>
public abstract class MergeRuleScenarios(string store) : ResolutionTestBase(store)
{
    [Fact]
    public async Task AnonymousVisitorFoldsIntoKnownContactOnFormSubmit()
    {
        var known = await IngestAsync(Form("f1", Day1, Email("ada@example.com"), Visitor("laptop")));
        var anonymous = await IngestAsync(Chat("c1", Day1.AddDays(1), Visitor("phone-browser"), Conversation("conv-9")) with
        {
            Record = new SourceRecordRef("conversation", "conv-9"),
        });

        var form = await IngestAsync(Form("f2", Day1.AddDays(2), Visitor("phone-browser"), Email("ada@example.com")));

        Assert.Equal(IngestOutcome.Merged, form.Outcome);
        Assert.Equal(known.ContactId, form.ContactId);
        Assert.Equal([anonymous.ContactId!.Value], form.MergedContactIds);
        var survivor = Assert.Single(await Db.LiveContactsAsync());
        Assert.Equal(
            ["conversation_id:conv-9", "email:ada@example.com", "visitor_id:laptop", "visitor_id:phone-browser"],
            (await Db.IdentifiersOfAsync(survivor.Id)).Select(i => $"{i.Type}:{i.Value}"));
        var link = Assert.Single(await Db.LinksAsync());
        Assert.Equal(survivor.Id, link.ContactId);
        var activities = (await Db.ActivitiesAsync()).Where(a => a.ContactId == survivor.Id).Select(a => a.Type).ToList();
        Assert.Equal(4, activities.Count);
        Assert.Contains(ActivityTypes.Merge, activities);
    }

    [Fact]
    public async Task MergedAwayContactIsATombstoneThatResolvesToTheSurvivor()
    {
        var known = await IngestAsync(Form("f1", Day1, Email("ada@example.com")));
        var anonymous = await IngestAsync(Telemetry("t1", Day1, Visitor("v2")));
        await IngestAsync(Form("f2", Day1.AddDays(1), Visitor("v2"), Email("ada@example.com")));

        var tombstone = await Db.ContactAsync(anonymous.ContactId!.Value);
        Assert.Equal(ContactState.Merged, tombstone.State);
        Assert.Equal(known.ContactId, tombstone.MergedIntoId);
        // An event naming the tombstone's id lands on the survivor.
        var note = await IngestAsync(new CrmEvent { Id = "n1", Type = "note", OccurredAt = Day1, ContactId = anonymous.ContactId });
        Assert.Equal(known.ContactId, note.ContactId);
    }

    [Fact]
    public async Task TombstoneChainsCollapseSoEveryOldIdPointsAtTheLiveSurvivor()
    {
        var a = await IngestAsync(Telemetry("t1", Day1, Visitor("v1")));
        var b = await IngestAsync(Telemetry("t2", Day1.AddHours(1), Visitor("v2")));
        var c = await IngestAsync(Form("f1", Day1.AddHours(2), Email("ada@example.com")));
        await IngestAsync(Telemetry("t3", Day1.AddHours(3), Visitor("v1"), Visitor("v2")));   // b folds into a
        await IngestAsync(Form("f2", Day1.AddHours(4), Visitor("v1"), Email("ada@example.com"))); // a folds into c

        Assert.Equal(c.ContactId, (await Db.ContactAsync(a.ContactId!.Value)).MergedIntoId);
        Assert.Equal(c.ContactId, (await Db.ContactAsync(b.ContactId!.Value)).MergedIntoId);
    }

    [Fact]
    public async Task SurvivorOfTwoAnonymousContactsIsTheEarliestSeen()
    {
        var late = await IngestAsync(Telemetry("t1", Day1.AddDays(3), Visitor("v-late")));
        var early = await IngestAsync(Telemetry("t2", Day1, Visitor("v-early")));

        var tie = await IngestAsync(Telemetry("t3", Day1.AddDays(4), Visitor("v-late"), Visitor("v-early")));

        Assert.Equal(IngestOutcome.Merged, tie.Outcome);
        Assert.Equal(early.ContactId, tie.ContactId);
        Assert.Equal(ContactState.Merged, (await Db.ContactAsync(late.ContactId!.Value)).State);
    }

    [Fact]
    public async Task IdentifiedContactSurvivesEvenWhenTheAnonymousOneIsOlder()
    {
        var anonymous = await IngestAsync(Telemetry("t1", Day1, Visitor("v1")));
        var known = await IngestAsync(Form("f1", Day1.AddDays(5), Email("ada@example.com")));

        var tie = await IngestAsync(Form("f2", Day1.AddDays(6), Email("ada@example.com"), Visitor("v1")));

        Assert.Equal(known.ContactId, tie.ContactId);
        var survivor = await Db.ContactAsync(known.ContactId!.Value);
        Assert.Equal(Day1.UtcDateTime, survivor.FirstSeen);
        Assert.Equal(ContactSources.Telemetry, survivor.Source); // where the person first appeared
        Assert.Equal(ContactState.Merged, (await Db.ContactAsync(anonymous.ContactId!.Value)).State);
    }

    [Fact]
    public async Task TwoIdentifiedContactsTiedByVerifiedClaimsMerge()
    {
        var byEmail = await IngestAsync(Form("f1", Day1, Email("ada@example.com")));
        var byPhone = await IngestAsync(Form("f2", Day1.AddDays(1), Phone("+14155552671")) with
        {
            Traits = new Dictionary<string, string> { ["company"] = "Engines Ltd" },
        });

        var order = await IngestAsync(Conversion("o1", Day1.AddDays(2), 20m,
            Email("ada@example.com", verified: true), Phone("+14155552671", verified: true), CustomerId("cust-1")));

        Assert.Equal(IngestOutcome.Merged, order.Outcome);
        Assert.Equal(byEmail.ContactId, order.ContactId); // earliest first seen
        var survivor = Assert.Single(await Db.LiveContactsAsync());
        Assert.Equal(("ada@example.com", "+14155552671", "Engines Ltd"), (survivor.Email, survivor.Phone, survivor.Company));
        Assert.Equal(byEmail.ContactId, (await Db.ContactAsync(byPhone.ContactId!.Value)).MergedIntoId);
    }

    [Fact]
    public async Task EveryMergeIsOnTheTimelineAndInTheAuditLogWithoutPersonalValues()
    {
        await IngestAsync(Form("f1", Day1, Email("ada@example.com")));
        await IngestAsync(Telemetry("t1", Day1, Visitor("v2")));
        await IngestAsync(Form("f2", Day1.AddDays(1), Visitor("v2"), Email("ada@example.com")));

        var entry = Assert.Single(await Db.AuditAsync());
        Assert.Equal(AuditActions.ContactMerged, entry.Action);
        Assert.Equal(1, entry.Sequence);
        Assert.DoesNotContain("ada@example.com", entry.DetailsJson);
        Assert.DoesNotContain("v2", entry.DetailsJson!.Replace("\"identifiersMoved\"", ""));
        Assert.Contains("\"automatic\":true", entry.DetailsJson);
        var merge = Assert.Single(await Db.ActivitiesAsync(), a => a.Type == ActivityTypes.Merge);
        Assert.Contains("\"reason\"", merge.PayloadJson);
    }

    [Fact]
    public async Task ManualMergeKeepsTheContactYouMergeInto()
    {
        var older = await IngestAsync(Form("f1", Day1, Email("ada@example.com")));
        var newer = await IngestAsync(Form("f2", Day1.AddDays(3), Email("ada.lovelace@example.org")));

        var result = await Engine.MergeAsync(Tenant, mergeId: older.ContactId!.Value, intoId: newer.ContactId!.Value, actor: "admin@site");

        Assert.Equal(newer.ContactId, result.SurvivorId);
        var survivor = Assert.Single(await Db.LiveContactsAsync());
        Assert.Equal(newer.ContactId, survivor.Id);
        Assert.Equal(2, (await Db.IdentifiersOfAsync(survivor.Id)).Count);
        Assert.Equal(Day1.UtcDateTime, survivor.FirstSeen);
        var audit = Assert.Single(await Db.AuditAsync());
        Assert.Equal("admin@site", audit.Actor);
    }

    [Fact]
    public async Task ManualMergeOfAContactWithItselfChangesNothing()
    {
        var contact = await IngestAsync(Form("f1", Day1, Email("ada@example.com")));
        var before = await Db.SnapshotAsync();

        var result = await Engine.MergeAsync(Tenant, contact.ContactId!.Value, contact.ContactId!.Value, "admin@site");

        Assert.True(result.AlreadyOne);
        Assert.Equal(before, await Db.SnapshotAsync());
    }

    [Fact]
    public async Task ManualMergeOfAnUnknownContactIsRefused()
    {
        var contact = await IngestAsync(Form("f1", Day1, Email("ada@example.com")));

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => Engine.MergeAsync(Tenant, 999, contact.ContactId!.Value, "admin@site"));
        Assert.Contains("contact 999 does not exist", error.Message);
    }
}

public sealed class MergeRuleTests() : MergeRuleScenarios(Comerix.Crm.Data.CrmDatabaseProviders.Sqlite);

public sealed class MergeRuleInMemoryTests() : MergeRuleScenarios(GraphStore.InMemory);
