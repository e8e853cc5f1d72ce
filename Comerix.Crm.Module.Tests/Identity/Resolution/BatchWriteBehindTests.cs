using Comerix.Crm.Contacts;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Identity.Resolution;

/// <summary>
/// A batch's contacts are written at commit, except that a merge puts the contacts created so far in place first.
/// What later events of the batch do to those contacts must still reach the table.
/// </summary>
public sealed class BatchWriteBehindTests : EngineTestBase
{
    [Fact]
    public async Task ContactsCreatedBeforeAMergeInTheBatchKeepWhatTheRestOfTheBatchChanged()
    {
        var results = await Engine.IngestBatchAsync(Tenant,
        [
            Telemetry("t1", Day1, Visitor("phone")),
            Telemetry("t2", Day1.AddHours(1), Visitor("laptop")),
            Form("f1", Day1.AddHours(2), Visitor("tablet"), Email("ada@example.com")),
            // The same visitor on two devices: the laptop's trace folds into the phone's, and the three contacts
            // created above are written to the table before the merge moves rows.
            Telemetry("t3", Day1.AddHours(3), Visitor("phone"), Visitor("laptop")),
            Form("f2", Day1.AddHours(5), Visitor("tablet")) with
            {
                Traits = new Dictionary<string, string> { ["name"] = "Ada Lovelace", ["company"] = "Analytical Engines" },
            },
            Telemetry("t4", Day1.AddHours(6), Visitor("phone")),
            Telemetry("t5", Day1.AddHours(7), Visitor("tablet")),
        ]);

        Assert.Equal(
            [IngestOutcome.Created, IngestOutcome.Created, IngestOutcome.Created, IngestOutcome.Merged,
             IngestOutcome.Attached, IngestOutcome.Attached, IngestOutcome.Attached],
            results.Select(r => r.Outcome));
        var phone = await Db.ContactAsync(results[0].ContactId!.Value);
        Assert.Equal((ContactState.Live, Day1.AddHours(6).UtcDateTime), (phone.State, phone.LastSeen));
        Assert.Equal(ContactState.Merged, (await Db.ContactAsync(results[1].ContactId!.Value)).State);
        var ada = await Db.ContactAsync(results[2].ContactId!.Value);
        Assert.Equal(
            ("Ada Lovelace", "Analytical Engines", "ada@example.com", Day1.AddHours(2).UtcDateTime, Day1.AddHours(7).UtcDateTime),
            (ada.DisplayName, ada.Company, ada.Email, ada.FirstSeen, ada.LastSeen));
    }

    [Fact]
    public async Task AContactCreatedBeforeAMergeAndNotSeenAgainIsStoredAsCreated()
    {
        var results = await Engine.IngestBatchAsync(Tenant,
        [
            Form("f1", Day1, Visitor("tablet"), Email("ada@example.com")) with
            {
                Traits = new Dictionary<string, string> { ["name"] = "Ada Lovelace" },
            },
            Telemetry("t1", Day1.AddHours(1), Visitor("phone")),
            Telemetry("t2", Day1.AddHours(2), Visitor("laptop")),
            Telemetry("t3", Day1.AddHours(3), Visitor("phone"), Visitor("laptop")),
        ]);

        var ada = await Db.ContactAsync(results[0].ContactId!.Value);
        Assert.Equal(("Ada Lovelace", "ada@example.com", true, Day1.UtcDateTime, Day1.UtcDateTime),
            (ada.DisplayName, ada.Email, ada.IsIdentified, ada.FirstSeen, ada.LastSeen));
    }
}
