using Comerix.Crm.Activity;
using Comerix.Crm.Identity;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>Everything the detail page shows about one live contact.</summary>
internal sealed record ContactDetails(
    Contact Contact,
    IReadOnlyList<Identifier> Identifiers,
    IReadOnlyDictionary<string, string> Traits,
    ContactSummary Summary,
    IReadOnlyList<TimelineDay> Timeline,
    bool HasOlderActivity)
{
    /// <summary>The merges on this timeline page whose rows may offer "Undo this merge" (recorded and not undone).</summary>
    public IReadOnlySet<long> UndoableMerges { get; init; } = new HashSet<long>();

    public string Name => ContactNames.Display(Contact);
    public string Initials => ContactNames.Initials(Contact.DisplayName, Contact.Email);
}

/// <param name="Conversations">Distinct conversations: linked conversation records and conversation ids the person holds, one per thread.</param>
/// <param name="FormsSubmitted">Form submissions held elsewhere (linked records) plus form events that name no record.</param>
/// <param name="FormRecords">Of those, the linked records (the tile's link lists these).</param>
/// <param name="ConversionValues">Total conversion value per currency (a contact may buy in two).</param>
internal sealed record ContactSummary(
    int Conversations, int FormsSubmitted, IReadOnlyList<CurrencyTotal> ConversionValues, int ConversionCount, int Telemetry, int FormRecords = 0,
    int ConversationRecords = 0);

internal sealed record CurrencyTotal(string Currency, decimal Total);

internal sealed record TimelineDay(DateOnly Day, IReadOnlyList<ContactActivity> Activities);

/// <summary>Record kinds the summary tiles count (ContactLink edges, so counts survive merges).</summary>
public static class RecordKinds
{
    public const string Conversation = "conversation";
    public const string Form = "form";
}
