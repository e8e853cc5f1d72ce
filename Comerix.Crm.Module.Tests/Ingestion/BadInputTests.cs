using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Identity.Resolution;
using Comerix.Crm.Tests.Infrastructure;
using static Comerix.Crm.Tests.Infrastructure.Events;

namespace Comerix.Crm.Tests.Ingestion;

public sealed class BadInputTests : EngineTestBase
{
    public static TheoryData<string, CrmEvent?, string> BadEvents => new()
    {
        { "null event", null, "the event is null" },
        { "missing id", Form("", Day1, Email("ada@example.com")), "id is required" },
        { "unknown identifier type", Form("f1", Day1, new IdentityClaim("fax", "123")), "claims[0].type 'fax' is unknown" },
        { "null claim value", Form("f1", Day1, new IdentityClaim("email", null!)), "claims[0].value is required" },
        { "no claims at all", Form("f1", Day1), "at least one identifier claim or a contactId" },
        { "bad type", Make("f1", "Form Submitted", Day1, Email("ada@example.com")), "type 'Form Submitted' is not valid" },
        { "reserved type", Make("f1", "merge", Day1, Email("ada@example.com")), "reserved" },
        { "missing time", Form("f1", default, Email("ada@example.com")), "occurredAt is required" },
        { "unknown source", Form("f1", Day1, Email("ada@example.com")) with { Source = "Carrier pigeon" }, "source 'Carrier pigeon' is unknown" },
        { "payload not an object", Form("f1", Day1, Email("ada@example.com")) with { PayloadJson = "[1,2]" }, "payload must be a JSON object" },
        { "bad currency", Conversion("o1", Day1, 5m, CustomerId("c")) with { Conversion = new ConversionValue(5m, "euro") }, "three-letter ISO 4217" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task BadEventIsRejectedWithAClearErrorAndNothingIsStored(string because, CrmEvent? evt, string expected)
    {
        var before = await Db.SnapshotAsync();

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => IngestAsync(evt!));

        Assert.Contains(expected, string.Join("\n", error.Errors));
        Assert.Equal(before, await Db.SnapshotAsync());
        Assert.False(string.IsNullOrEmpty(because));
    }

    [Fact]
    public async Task OneBadEventInABatchStoresNoneAndNamesItsPosition()
    {
        var batch = new[] { Form("f1", Day1, Email("ada@example.com")), Form("f2", Day1, new IdentityClaim("fax", "1")) };

        var error = await Assert.ThrowsAsync<CrmValidationException>(() => Engine.IngestBatchAsync(Tenant, batch));

        Assert.Equal(["events[1]: claims[0].type 'fax' is unknown; expected one of customer_id, email, phone, external_ref, conversation_id, visitor_id"], error.Errors);
        Assert.Empty(await Db.LiveContactsAsync());
    }

    [Fact]
    public async Task ExplicitContactIdThatDoesNotExistIsRejected()
    {
        var error = await Assert.ThrowsAsync<CrmValidationException>(() =>
            IngestAsync(new CrmEvent { Id = "n1", Type = "note", OccurredAt = Day1, ContactId = 42 }));

        Assert.Contains("contactId 42 does not exist", error.Message);
        Assert.Equal("", await Db.SnapshotAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task MissingTenantIsRejected(string tenant)
    {
        await Assert.ThrowsAsync<CrmValidationException>(() => Engine.IngestAsync(tenant, Form("f1", Day1, Email("ada@example.com"))));
    }
}
