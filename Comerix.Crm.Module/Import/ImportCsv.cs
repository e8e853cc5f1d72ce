using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.Delegates;

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

    /// <summary>
    /// The delimiter, from the start of the file as the parser would detect it. Decided once here, so the shape check
    /// (<see cref="ImportShape"/>) and the parser always split the same way.
    /// </summary>
    public static char Delimiter(string content)
    {
        var text = content.TrimStart('\uFEFF');
        // The parser detects from its first buffer (4,096 characters); a longer look would only cost time.
        var sample = text[..Math.Min(text.Length, 4096)];
        return ConfigurationFunctions.GetDelimiter(new GetDelimiterArgs(sample, Configuration(null))) is { Length: 1 } found ? found[0] : ',';
    }

    private static CsvConfiguration Configuration(char? delimiter) => new(CultureInfo.InvariantCulture)
    {
        DetectDelimiter = delimiter is null,
        DetectDelimiterValues = [",", ";", "\t", "|"],
        Delimiter = delimiter?.ToString() ?? ",",
        IgnoreBlankLines = true,
        BadDataFound = null, // a stray quote inside a field is read as text, as spreadsheets write it
    };

    private static IEnumerable<string[]> Rows(string content)
    {
        using var reader = new StringReader(content.TrimStart('\uFEFF'));
        using var parser = new CsvParser(reader, Configuration(Delimiter(content)));
        while (parser.Read())
        {
            yield return parser.Record ?? [];
        }
    }
}
