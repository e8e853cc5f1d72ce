using Comerix.Crm.Activity;
using Comerix.Crm.Contacts.Directory;

namespace Comerix.SiteHost.Demo;

/// <summary>Where the demo stores' records open: the timeline's "Open" links and the summary tiles use these.</summary>
internal sealed class DemoRecordLinks : IRecordLinkProvider
{
    public string? GetRecordUrl(string recordKind, string recordId) => recordKind switch
    {
        RecordKinds.Conversation => $"~/admin/demo/conversations/{Uri.EscapeDataString(recordId)}",
        RecordKinds.Form => $"~/admin/demo/forms/{Uri.EscapeDataString(recordId)}",
        _ => null,
    };

    public string? GetContactRecordsUrl(string recordKind, long contactId) => recordKind switch
    {
        RecordKinds.Conversation => $"~/admin/demo/conversations?contact={contactId}",
        RecordKinds.Form => $"~/admin/demo/forms?contact={contactId}",
        _ => null,
    };
}
