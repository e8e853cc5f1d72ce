using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Contacts;
using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Resolution;

namespace Comerix.Crm.Import;

/// <summary>One CSV row as it will be imported: the event it becomes, or why it cannot be (never quoting a value).</summary>
/// <param name="Tags">Tags to put on the contact the event resolves to.</param>
/// <param name="DoNotContact">A do-not-contact reason code to mark that contact with.</param>
/// <param name="Dropped">For a row that goes in: the values left out of it and why ("imported without “Mobile”, which is …").</param>
/// <param name="Fields">Contact field values (by field key, in their stored form) to set on that contact.</param>
/// <param name="Stage">The lifecycle stage's key to move that contact to ("none" clears it).</param>
/// <param name="Owner">The team member (sign-in name) to own that contact ("none" releases it).</param>
internal sealed record ImportRow(
    int Row, CrmEvent? Event, string? Error, IReadOnlyList<(string Field, string Value)> Values,
    IReadOnlyList<string>? Tags = null, string? DoNotContact = null, string? Dropped = null, IReadOnlyDictionary<string, string>? Fields = null,
    string? Stage = null, string? Owner = null);

/// <summary>
/// Turns a row into an event for the identity engine, so an imported person stitches to the traces already there
/// (an email the chat widget saw, a customer id from an order) instead of becoming a duplicate. Emails and phones are
/// unverified claims (a spreadsheet is not proof), customer ids verified (they are the shop's own). The event id is
/// the import's and the row's: running the same rows again changes nothing.
/// An identifier the engine would drop (an invalid email or phone, a placeholder such as "n/a") is left out here and
/// named, and the row goes in with the rest: one bad phone number must not cost a good email its person. A row with
/// nothing left to know the person by fails, and so does a tag or do-not-contact cell that cannot be read (a person
/// imported without the unsubscribe their row carried would be mailed).
/// </summary>
internal sealed class ImportRowMapper(IdentityResolutionOptions options)
{
    // Read-only once built, so one serves every row (the mapping page maps every row to count what goes in).
    private readonly IdentifierNormalizer _identifiers = new(options.DefaultPhoneRegion, options.ExtraJunkValues);
    private readonly PhoneNumberNormalizer _phones = new(options.DefaultPhoneRegion);

    /// <param name="targets">The site's contact fields, stages and team, for columns mapped to them.</param>
    public ImportRow Map(ImportJob job, IReadOnlyList<string> header, IReadOnlyList<string> mapping, int row, string[] values, DateTimeOffset at,
        ImportTargets targets)
    {
        var fields = targets.Fields;
        string? stage = null, owner = null;
        var fieldValues = new Dictionary<string, string>(StringComparer.Ordinal);
        var dropped = new List<(string Column, string Why)>();
        var claims = new List<IdentityClaim>();
        var traits = new Dictionary<string, string>(StringComparer.Ordinal);
        var shown = new List<(string, string)>();
        var problems = new List<string>();
        var tags = new List<string>();
        string? doNotContact = null;
        for (var i = 0; i < mapping.Count && i < values.Length; i++)
        {
            var value = Unprotected(values[i].Trim()).Trim();
            var field = mapping[i];
            if (field == ImportFields.Ignore || value.Length == 0)
            {
                continue;
            }
            var column = i < header.Count ? header[i] : $"column {i + 1}";
            if (!IsIdentifier(field))
            {
                shown.Add((field == ImportFields.Trait ? ImportFields.TraitName(column) : field, value));
            }
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
                case var _ when IsIdentifier(field):
                    // Checked as the engine will check it, so what the preview and the count promise is what goes in.
                    var claim = new IdentityClaim(ClaimType(field), value, Verified: field == ImportFields.CustomerId);
                    if (_identifiers.TryNormalize(claim, out _, out var drop))
                    {
                        claims.Add(claim);
                        shown.Add((field, value)); // a value left out is not shown among what will import
                    }
                    else
                    {
                        dropped.Add((column, Why(field, drop!, value)));
                    }
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
                case ImportFields.Stage when Contacts.Work.ContactStageSetter.IsClear(value):
                    stage = Contacts.Work.ContactStageSetter.NoStage;
                    break;
                case ImportFields.Stage:
                    stage = Contacts.Work.LifecycleStages.Find(targets.Stages, value)?.Key;
                    if (stage is null)
                    {
                        problems.Add($"“{column}” is not one of the stages ({string.Join(", ", targets.Stages.Select(s => s.Label))})");
                    }
                    break;
                case ImportFields.Owner when value.Equals(Contacts.Directory.ContactListQuery.Nobody, StringComparison.OrdinalIgnoreCase):
                    owner = Contacts.Directory.ContactListQuery.Nobody;
                    break;
                case ImportFields.Owner:
                    owner = Contacts.Work.ContactOwners.Find(targets.Members, value);
                    if (owner is null)
                    {
                        problems.Add($"“{column}” is not the email of a user who can view customers here");
                    }
                    break;
                case var _ when Contacts.Fields.ContactFieldColumn.KeyOf(field) is { } key:
                    FieldValue(fields.GetValueOrDefault(key), key, column, value, fieldValues, problems);
                    break;
            }
        }
        if (claims.Count == 0)
        {
            problems.Insert(0, dropped.Count == 0
                ? "no email, phone, customer id or external reference to know the person by"
                : string.Join("; ", dropped.Select(d => $"“{d.Column}” is {d.Why}")) + "; nothing else to know the person by");
        }
        else if (problems.Count > 0)
        {
            problems.AddRange(dropped.Select(d => $"“{d.Column}” is {d.Why}"));
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
            : new ImportRow(row, evt, null, shown, tags, doNotContact,
                dropped.Count == 0 ? null : string.Join("; ", dropped.Select(d => $"imported without “{d.Column}”, which is {d.Why}")), fieldValues, stage, owner);
    }

    /// <summary>
    /// A cell for a contact field, checked by the field's type as the profile checks it (several choices separated by
    /// ";" or ","). The problem names the column and the field, never the value: the report outlives the cells.
    /// </summary>
    private static void FieldValue(CustomField? field, string key, string column, string value, Dictionary<string, string> values, List<string> problems)
    {
        if (field is null)
        {
            problems.Add($"“{column}” is for the contact field {key}, which does not exist (any more)");
            return;
        }
        IReadOnlyList<string?> given = field.Type == Contacts.Fields.CustomFieldTypes.ManyOf
            ? value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [value];
        if (Contacts.Fields.CustomFieldValues.Parse(field, given, out var problem) is { } parsed)
        {
            values[field.Key] = parsed;
        }
        else if (problem is not null)
        {
            problems.Add($"“{column}” is not a value of the field “{field.Label}” ({Contacts.Fields.CustomFieldTypes.Label(field.Type).ToLowerInvariant()})");
        }
    }

    private static bool IsIdentifier(string field) =>
        field is ImportFields.Email or ImportFields.Phone or ImportFields.CustomerId or ImportFields.ExternalRef;

    private static string ClaimType(string field) => field switch
    {
        ImportFields.Email => IdentifierTypes.Email,
        ImportFields.Phone => IdentifierTypes.Phone,
        ImportFields.CustomerId => IdentifierTypes.CustomerId,
        _ => IdentifierTypes.ExternalRef,
    };

    /// <summary>Why a value cannot be the identifier its column says, to follow "“Mobile” is …" (never quoting it).</summary>
    private string Why(string field, DroppedClaim drop, string value) => drop.Reason == DropReasons.Junk
        ? "a placeholder such as “n/a”, not a value"
        : field switch
        {
            ImportFields.Email => "not an email address",
            ImportFields.Phone => WhyNotAPhone(value),
            ImportFields.ExternalRef => "not an external reference like shopify:1234",
            _ => drop.Detail,
        };

    /// <summary>
    /// What libphonenumber found wrong, with the region the number was read for: "not a valid number for its region
    /// (US): too short" says what to fix, where "not a phone number" would have the admin look for letters.
    /// </summary>
    private string WhyNotAPhone(string value) => _phones.Problem(value) switch
    {
        null or { Fault: PhoneNumberFault.NotANumber } => $"not a phone number (give the country code, or a {options.DefaultPhoneRegion} number)",
        { Fault: PhoneNumberFault.Placeholder } => "one digit repeated, a placeholder rather than a phone number",
        { Fault: PhoneNumberFault.UnknownCallingCode } => "not a valid phone number: no country has its calling code",
        { Region: var region, WithoutCountryCode: var national, Fault: var fault } =>
            $"not a valid number for its region ({region}{(national ? ", read without a country code" : "")}): " + fault switch
            {
                PhoneNumberFault.TooShort => "too short",
                PhoneNumberFault.TooLong => "too long",
                PhoneNumberFault.WrongLength => "no number there has that many digits",
                _ => "no such number is assigned in its numbering plan",
            },
    };

    /// <summary>
    /// The apostrophe our own CSV files put before a value a spreadsheet would run as a formula is taken off again, so
    /// an error report or an export imports as the values it was made from (the export adds it back).
    /// </summary>
    private static string Unprotected(string value) =>
        value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? value[1..] : value;

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
