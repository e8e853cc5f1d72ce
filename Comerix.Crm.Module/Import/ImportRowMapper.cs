using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Contacts;
using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Identity.Resolution;
using Comerix.Crm.Ingestion;

namespace Comerix.Crm.Import;

/// <summary>One CSV row as it will be imported: the event it becomes, or why it cannot be (never quoting a value).</summary>
/// <param name="Tags">Tags to put on the contact the event resolves to.</param>
/// <param name="DoNotContact">A do-not-contact reason code to mark that contact with.</param>
public sealed record ImportRow(
    int Row, CrmEvent? Event, string? Error, IReadOnlyList<(string Field, string Value)> Values,
    IReadOnlyList<string>? Tags = null, string? DoNotContact = null);

/// <summary>
/// Turns a row into an event for the identity engine, so an imported person stitches to the traces already there
/// (an email the chat widget saw, a customer id from an order) instead of becoming a duplicate. Emails and phones are
/// unverified claims (a spreadsheet is not proof), customer ids verified (they are the shop's own). The event id is
/// the import's and the row's: running the same rows again changes nothing.
/// </summary>
public sealed class ImportRowMapper(IdentityResolutionOptions options)
{
    public ImportRow Map(ImportJob job, IReadOnlyList<string> header, IReadOnlyList<string> mapping, int row, string[] values, DateTimeOffset at)
    {
        var phones = new PhoneNumberNormalizer(options.DefaultPhoneRegion);
        var claims = new List<IdentityClaim>();
        var traits = new Dictionary<string, string>(StringComparer.Ordinal);
        var shown = new List<(string, string)>();
        var problems = new List<string>();
        var tags = new List<string>();
        string? doNotContact = null;
        for (var i = 0; i < mapping.Count && i < values.Length; i++)
        {
            var value = values[i].Trim();
            var field = mapping[i];
            if (field == ImportFields.Ignore || value.Length == 0)
            {
                continue;
            }
            var column = i < header.Count ? header[i] : $"column {i + 1}";
            shown.Add((field == ImportFields.Trait ? ImportFields.TraitName(column) : field, value));
            switch (field)
            {
                case ImportFields.Name:
                    traits["name"] = value;
                    break;
                case ImportFields.Company:
                    traits["company"] = value;
                    break;
                case ImportFields.Trait:
                    traits[ImportFields.TraitName(column)] = value;
                    break;
                case ImportFields.Email when EmailNormalizer.TryNormalize(value, out _, out _):
                    claims.Add(new IdentityClaim(IdentifierTypes.Email, value));
                    break;
                case ImportFields.Email:
                    problems.Add($"“{column}” is not an email address");
                    break;
                case ImportFields.Phone when phones.TryNormalize(value, out _):
                    claims.Add(new IdentityClaim(IdentifierTypes.Phone, value));
                    break;
                case ImportFields.Phone:
                    problems.Add($"“{column}” is not a phone number (give the country code, or a {options.DefaultPhoneRegion} number)");
                    break;
                case ImportFields.CustomerId:
                    claims.Add(new IdentityClaim(IdentifierTypes.CustomerId, value, Verified: true));
                    break;
                case ImportFields.ExternalRef when new ExternalRefNormalizer(phones).TryNormalize(value, out _, out _):
                    claims.Add(new IdentityClaim(IdentifierTypes.ExternalRef, value));
                    break;
                case ImportFields.ExternalRef:
                    problems.Add($"“{column}” is not an external reference like shopify:1234");
                    break;
                case ImportFields.Tags:
                    var pieces = value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (pieces.Length > Contacts.Directory.ContactTagger.MaxPerContact)
                    {
                        problems.Add($"“{column}” holds {pieces.Length} tags; a contact holds at most {Contacts.Directory.ContactTagger.MaxPerContact}");
                        break;
                    }
                    foreach (var raw in pieces)
                    {
                        if (Contacts.Directory.ContactTagger.Tidy(raw, out var tagProblem) is { } tag)
                        {
                            tags.Add(tag);
                        }
                        else
                        {
                            problems.Add($"“{column}” holds a tag that cannot be one: {tagProblem}");
                        }
                    }
                    break;
                case ImportFields.DoNotContact when DoNotContactValue(value, out var reason):
                    // Two such columns: any "stop" wins (the first given), and a "no" never undoes one.
                    doNotContact ??= reason;
                    break;
                case ImportFields.DoNotContact:
                    problems.Add($"“{column}” is not yes, no or one of {string.Join(", ", DoNotContactReasons.All.Select(r => r.Code))}");
                    break;
            }
        }
        if (problems.Count == 0 && claims.Count == 0)
        {
            problems.Add("no email, phone, customer id or external reference to know the person by");
        }
        if (problems.Count > 0)
        {
            return new ImportRow(row, null, string.Join("; ", problems), shown);
        }
        var evt = new CrmEvent
        {
            Id = $"import:{job.Id}:{row}",
            Type = ActivityTypes.Note,
            Source = ContactSources.Import,
            OccurredAt = at,
            Claims = claims,
            Traits = traits,
            PayloadJson = JsonSerializer.Serialize(new { text = $"Imported from a CSV file (row {row})", importId = job.Id }),
        };
        var invalid = CrmEventValidator.Validate(evt);
        return invalid.Count > 0
            ? new ImportRow(row, null, "cannot be stored: " + string.Join("; ", invalid), shown)
            : new ImportRow(row, evt, null, shown, tags, doNotContact);
    }

    /// <summary>
    /// A do-not-contact cell: a reason code, yes (an unsubscribe list's usual column) or no. True when understood;
    /// <paramref name="reason"/> is null for "no".
    /// </summary>
    private static bool DoNotContactValue(string value, out string? reason)
    {
        reason = DoNotContactReasons.Canonical(value);
        if (reason is not null)
        {
            return true;
        }
        switch (value.Trim().ToLowerInvariant())
        {
            case "yes" or "y" or "true" or "1" or "x":
                reason = "unsubscribed";
                return true;
            case "no" or "n" or "false" or "0":
                return true;
            default:
                return false;
        }
    }
}
