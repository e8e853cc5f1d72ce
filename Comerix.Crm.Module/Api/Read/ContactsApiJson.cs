using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;

namespace Comerix.Crm.Api.Read;

/// <summary>A contact in a list.</summary>
/// <param name="DoNotContact">True when the person must not be sent anything (see the details for why).</param>
/// <param name="Stage">The key of the contact's lifecycle stage ("customer"), or null.</param>
/// <param name="Owner">The site user who owns the contact (their sign-in email), or null.</param>
internal sealed record ContactJson(
    long Id, string Name, string? Email, string? Phone, string? Company, string Source, bool Identified, DateTime LastSeen,
    IReadOnlyList<string> Tags, bool DoNotContact, string? Stage, string? Owner);

internal sealed record ContactListJson(int Page, int PageSize, int PageCount, int TotalMatches, IReadOnlyList<ContactJson> Contacts);

/// <summary>One contact in full: profile, identifiers, traits and summary.</summary>
internal sealed record ContactDetailsJson(
    long Id, string Name, string? DisplayName, string? Email, string? Phone, string? Company, string Source, bool Identified,
    DateTime FirstSeen, DateTime LastSeen,
    IReadOnlyList<IdentifierJson> Identifiers, IReadOnlyDictionary<string, string> Traits, SummaryJson Summary,
    IReadOnlyList<string> Tags, DoNotContactJson? DoNotContact, IReadOnlyDictionary<string, JsonElement> Fields, string? Stage, string? Owner);

/// <summary>Why the person must not be contacted (a code: unsubscribed, asked, bounced, complaint, other) and since when.</summary>
internal sealed record SummaryJson(int Conversations, int FormsSubmitted, int Conversions, IReadOnlyList<CurrencyTotal> ConversionValues, int Telemetry);

internal sealed record ActivityPageJson(long ContactId, int Page, int PageSize, bool HasMore, IReadOnlyList<ActivityJson> Activities);

internal static class ContactsApiMapping
{
    public static ContactJson ToJson(ContactListRow row, IReadOnlyList<string> tags) =>
        new(row.Id, row.Name, row.Email, row.Phone, row.Company, row.Source, row.IsIdentified, Utc(row.LastSeen), tags, row.DoNotContact, row.Stage, row.Owner);

    /// <param name="fields">Every custom field with the contact's value; those without a value are left out.</param>
    public static ContactDetailsJson ToJson(
        ContactDetails details, IEnumerable<ContactTag> tags, DoNotContact? doNotContact, IEnumerable<Contacts.Fields.ContactFieldShown> fields,
        (string? Stage, string? Owner) work)
    {
        var c = details.Contact;
        var s = details.Summary;
        return new ContactDetailsJson(c.Id, details.Name, c.DisplayName, c.Email, c.Phone, c.Company, c.Source, c.IsIdentified,
            Utc(c.FirstSeen), Utc(c.LastSeen),
            details.Identifiers.Select(i => new IdentifierJson(i.Type, i.DisplayValue, i.Verified, Utc(i.FirstSeen))).ToList(),
            details.Traits,
            new SummaryJson(s.Conversations, s.FormsSubmitted, s.ConversionCount, s.ConversionValues, s.Telemetry),
            tags.Select(t => t.Label).ToList(),
            doNotContact is null ? null : new DoNotContactJson(doNotContact.Reason, Utc(doNotContact.CreatedAt)),
            Contacts.Fields.ContactFieldShown.Json(fields), work.Stage, work.Owner);
    }

    /// <summary>Stored times are UTC; say so on the wire ("Z").</summary>
    private static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);
}
