using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Comerix.Crm.Audit;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>
/// The Contacts list as CSV: every contact the list's filters match, in the list's order, streamed so a directory of
/// a million contacts never sits in memory. The export is audited before its first row leaves: who, how many, and
/// which filters (never the search term, which may be a person's email).
/// </summary>
internal sealed class ContactCsvExport(
    ContactDirectory directory, ContactTagger tagger, Fields.CustomFieldDefinitions fields, Work.LifecycleStages stages, AuditLog audit)
{
    /// <summary>The standard columns; each custom field follows as <c>field:{key}</c> (<see cref="Fields.ContactFieldColumn"/>).</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["id", "name", "email", "phone", "company", "source", "identified", "first_seen", "last_seen", "created_at", "traits", "tags", "do_not_contact", "stage", "owner"];

    /// <summary>
    /// Between a contact's tags in the tags column. Never ';': a spreadsheet whose list separator is ';' would spread
    /// the tags over the next cells. A tag holds neither ',' nor ';' (<see cref="ContactTagger.Tidy"/>), and the import
    /// splits its tags column at either, so the column imports back as the same tags.
    /// </summary>
    public const string TagSeparator = ", ";

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>A cell holding one of these is quoted (";" and tab too: spreadsheets guess them as separators).</summary>
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",;\t\"\r\n");

    /// <summary>A cell holding one of these could start a formula in a spreadsheet (see <see cref="Defused"/>).</summary>
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    /// <summary>
    /// The traits cell's JSON escapes only what JSON requires (quotes, backslashes, control and invisible line-breaking
    /// characters), so a person reading the file sees "Müller", not "M\u00FCller" (emoji and other characters beyond
    /// U+FFFF stay escaped: System.Text.Json's encoders always escape them). The default encoder's other escapes
    /// (&lt; &gt; &amp; ' +) keep JSON safe inside HTML; this JSON only ever travels in a CSV download (text/csv, an
    /// attachment), never in a page or a script, so the relaxed encoder is safe here and nowhere else.
    /// </summary>
    private static readonly JsonWriterOptions TraitsJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task WriteAsync(string tenantId, ContactListQuery query, string actor, Stream output, CancellationToken cancellationToken)
    {
        var count = await directory.CountAsync(tenantId, query, cancellationToken);
        await audit.AppendAsync(tenantId, actor, AuditActions.ContactsExported, new { contacts = count, filters = query.AuditFacts() }, cancellationToken);

        // Read up front, once: a directory's tags are few next to its contacts, and one read beats one per row.
        var tags = await tagger.LabelsByContactAsync(tenantId, cancellationToken);
        var doNotContact = await directory.DoNotContactReasonsAsync(tenantId, cancellationToken);
        var customFields = await fields.ListAsync(tenantId, cancellationToken);
        var work = await directory.WorkByContactAsync(tenantId, cancellationToken);
        var stageLabels = (await stages.ListAsync(tenantId, cancellationToken)).ToDictionary(s => s.Key, s => s.Label);
        var values = customFields.Count == 0 ? new Dictionary<long, Dictionary<string, string>>() : await fields.ValuesByContactAsync(tenantId, cancellationToken);

        // The byte-order mark is what makes spreadsheet programs read the file as UTF-8 (names with accents).
        await output.WriteAsync(Utf8Bom, cancellationToken);
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(string.Join(',', Columns.Concat(customFields.Select(f => Fields.ContactFieldColumn.Name(f.Key)))) + "\r\n");
        var line = new StringBuilder();
        await foreach (var c in directory.StreamAsync(tenantId, query, cancellationToken))
        {
            line.Clear();
            line.Append(c.Id.ToString(CultureInfo.InvariantCulture)).Append(',');
            AppendText(line, c.DisplayName).Append(',');
            AppendText(line, c.Email).Append(',');
            AppendText(line, c.Phone).Append(',');
            AppendText(line, c.Company).Append(',');
            AppendText(line, c.Source).Append(',');
            line.Append(c.IsIdentified ? "true" : "false").Append(',');
            line.Append(Timestamp(c.FirstSeen)).Append(',');
            line.Append(Timestamp(c.LastSeen)).Append(',');
            line.Append(Timestamp(c.CreatedAt)).Append(',');
            AppendJson(line, c.TraitsJson).Append(',');
            AppendText(line, tags.TryGetValue(c.Id, out var labels) ? string.Join(TagSeparator, labels) : null).Append(',');
            // The reason's code ("unsubscribed"), empty for people who may be contacted: what a mailing tool filters on.
            AppendText(line, doNotContact.GetValueOrDefault(c.Id)).Append(',');
            // The stage as the team names it (an import reads a label or a key), and the owner's sign-in email.
            var (stage, owner) = work.GetValueOrDefault(c.Id);
            AppendText(line, stage is null ? null : stageLabels.GetValueOrDefault(stage, stage)).Append(',');
            AppendText(line, owner);
            var own = values.GetValueOrDefault(c.Id);
            foreach (var field in customFields)
            {
                // Canonical values (numbers in invariant notation, dates as yyyy-MM-dd, yes/no), several choices joined.
                AppendText(line.Append(','), own?.GetValueOrDefault(field.Key) is { } value ? Fields.CustomFieldValues.CsvText(field, value) : null);
            }
            line.Append("\r\n");
            await writer.WriteAsync(line, cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// One field, safe to open in any spreadsheet. A value a spreadsheet would run as a formula (it starts with =, +,
    /// -, @, a tab or a carriage return) is prefixed with an apostrophe: names and companies come from visitors, and
    /// opening an export must never run what a visitor typed. A spreadsheet whose list separator is ';' (German,
    /// French, Dutch, Italian, Spanish defaults) or tab splits our comma-separated lines at every ';', tab or line
    /// break whatever the quotes say, so each piece after one is protected the same way ("Ann;=cmd|…" becomes
    /// "Ann;'=cmd|…"). The field is quoted when it holds any of those separators, a comma or a quote (RFC 4180).
    /// Phones are stored as E.164 ("+…") and contain nothing but digits, so they are left as they are.
    /// </summary>
    internal static StringBuilder AppendText(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return line;
        }
        var isPhone = value[0] == '+' && value.Skip(1).All(char.IsAsciiDigit);
        if (!isPhone)
        {
            value = Defused(value);
        }
        if (value.AsSpan().IndexOfAny(NeedsQuotes) < 0)
        {
            return line.Append(value);
        }
        return AppendQuoted(line, value);
    }

    /// <summary>
    /// A JSON value (the traits), still JSON once read from the file: it is never given <see cref="AppendText"/>'s
    /// apostrophes, which would break it. It needs none. Its cell is quoted and starts with '{', which starts no
    /// formula; and the pieces a ';'- or tab-separated reading cuts a line into start only after a ';', a tab or a line
    /// break, none of which the cell holds: JSON writes tabs and line breaks inside its strings as \t and \n, and
    /// every ';' (which can only be inside a string) is written as its escape \u003B. A reader of the JSON gets the
    /// same text back. Stored text that is not JSON is written as text.
    /// </summary>
    internal static StringBuilder AppendJson(StringBuilder line, string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return line;
        }
        string text;
        try
        {
            text = SpreadsheetJson(json);
        }
        catch (JsonException)
        {
            return AppendText(line, json);
        }
        return AppendQuoted(line, text);
    }

    internal static string SpreadsheetJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>(json.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, TraitsJson))
        {
            document.RootElement.WriteTo(writer);
        }
        // Compact JSON holds ';' only inside strings, where \u003B reads back as the same ';'.
        return Encoding.UTF8.GetString(buffer.WrittenSpan).Replace(";", "\\u003B", StringComparison.Ordinal);
    }

    /// <summary>A quoted field (RFC 4180): its quotes doubled.</summary>
    private static StringBuilder AppendQuoted(StringBuilder line, string value) =>
        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');

    private static string Defused(string value)
    {
        if (value.AsSpan().IndexOfAny(FormulaStarts) < 0)
        {
            return value;
        }
        var text = new StringBuilder(value.Length + 4);
        var pieceStarts = true;
        foreach (var c in value)
        {
            if (pieceStarts && c is '=' or '+' or '-' or '@' or '\t' or '\r')
            {
                text.Append('\'');
            }
            text.Append(c);
            pieceStarts = c is ';' or '\t' or '\r' or '\n';
        }
        return text.ToString();
    }

    private static string Timestamp(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
