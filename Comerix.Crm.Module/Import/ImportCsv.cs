using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Comerix.Crm.Import;

/// <summary>
/// Reads an uploaded CSV: RFC 4180 quoting (commas, quotes and line breaks inside quoted fields), the delimiter
/// detected (spreadsheets in much of Europe write ';'), a byte-order mark ignored, blank lines skipped.
/// The first row is the header.
/// </summary>
internal static class ImportCsv
{
    public static IReadOnlyList<string> Header(string content) =>
        Rows(content).FirstOrDefault() is { } header ? header : [];

    /// <summary>The data rows (after the header), each with its row number in the file counting the header as row 1.</summary>
    public static IEnumerable<(int Row, string[] Values)> DataRows(string content) =>
        Rows(content).Skip(1).Select((values, i) => (i + 2, values));

    private static IEnumerable<string[]> Rows(string content)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t", "|"],
            IgnoreBlankLines = true,
            BadDataFound = null, // a stray quote inside a field is read as text, as spreadsheets write it
        };
        using var reader = new StringReader(content.TrimStart('\uFEFF'));
        using var parser = new CsvParser(reader, configuration);
        while (parser.Read())
        {
            yield return parser.Record ?? [];
        }
    }
}
