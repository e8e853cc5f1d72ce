using Comerix.Crm.Audit;

namespace Comerix.Crm.Tests.Audit;

/// <summary>The audit log read by a person: actions in words, details as labelled facts with contacts to open.</summary>
public sealed class AuditTextTests
{
    [Fact]
    public void AMergeReadsAsLabelledFactsWithItsContactsMarked()
    {
        var facts = AuditText.Details("""{"survivorId":2307,"mergedId":2358,"automatic":false,"identifiersMoved":3,"scopes":["ingest","read"]}""");

        Assert.Equal(
            [
                new AuditText.Fact("Survivor id", "2,307", 2307),
                new AuditText.Fact("Merged id", "2,358", 2358),
                new AuditText.Fact("Automatic", "no", null),
                new AuditText.Fact("Identifiers moved", "3", null),
                new AuditText.Fact("Scopes", "ingest, read", null),
            ],
            facts);
        Assert.Equal("Contacts merged", AuditText.Action(AuditActions.ContactMerged));
        Assert.Equal("something.new", AuditText.Action("something.new"));
        Assert.Equal([new AuditText.Fact("Details", "not json", null)], AuditText.Details("not json"));
    }
}
