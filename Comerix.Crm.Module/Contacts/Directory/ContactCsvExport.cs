using System.Globalization;
using System.Text;
using Comerix.Crm.Audit;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>
/// The Contacts list as CSV: every contact the list's filters match, in the list's order, streamed so a directory of
/// a million contacts never sits in memory. The export is audited before its first row leaves: who, how many, and
/// which filters (never the search term, which may be a person's email).
/// </summary>
public sealed class ContactCsvExport(ContactDirectory directory, ContactTagger tagger, AuditLog audit)
{
    public static readonly IReadOnlyList<string> Columns =
        ["id", "name", "email", "phone", "company", "source", "identified", "first_seen", "last_seen", "created_at", "traits", "tags", "do_not_contact"];

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public async Task WriteAsync(string tenantId, ContactListQuery query, string actor, Stream output, CancellationToken cancellationToken)
    {
        var count = await directory.CountAsync(tenantId, query, cancellationToken);
        await audit.AppendAsync(tenantId, actor, AuditActions.ContactsExported, new { contacts = count, filters = query.AuditFacts() }, cancellationToken);

        // Read up front, once: a directory's tags are few next to its contacts, and one read beats one per row.
        var tags = await tagger.LabelsByContactAsync(tenantId, cancellationToken);
        var doNotContact = await directory.DoNotContactReasonsAsync(tenantId, cancellationToken);

        // The byte-order mark is what makes spreadsheet programs read the file as UTF-8 (names with accents).
        await output.WriteAsync(Utf8Bom, cancellationToken);
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(string.Join(',', Columns) + "\r\n");
        var line = new StringBuilder();
        await foreach (var c in directory.StreamAsync(tenantId, query).WithCancellation(cancellationToken))
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
            AppendText(line, c.TraitsJson).Append(',');
            AppendText(line, tags.GetValueOrDefault(c.Id)).Append(',');
            // The reason's code ("unsubscribed"), empty for people who may be contacted: what a mailing tool filters on.
            AppendText(line, doNotContact.GetValueOrDefault(c.Id)).Append("\r\n");
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
        if (value.AsSpan().IndexOfAny(",;\t\"\r\n") < 0)
        {
            return line.Append(value);
        }
        return line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static string Defused(string value)
    {
        if (value.AsSpan().IndexOfAny("=+-@\t\r") < 0)
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
