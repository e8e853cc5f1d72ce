namespace Comerix.Crm.Import;

/// <summary>
/// The size of a file's rows, checked by one pass over its text before the parser builds any row: the parser holds a
/// whole row in memory and the mapping page shows one line per column, so a 1.3 MB file of 250,000 columns rendered a
/// 304 MB page and took the site from 0.3 to 1.4 GB. Quotes are followed as the parser follows them (a quote opens a
/// quoted cell only at a cell's start; two quotes inside one are a quote), with the same delimiter.
/// </summary>
internal static class ImportShape
{
    public const int MaxColumns = 200;
    /// <summary>Far beyond any real row of <see cref="MaxColumns"/> cells; what is longer is a quote left open.</summary>
    public const int MaxRowLength = 100_000;
    public const int MaxColumnNameLength = 200;

    /// <summary>What is wrong with the file's shape, for the person who uploaded it; null when every row fits.</summary>
    public static string? Problem(string content)
    {
        var text = content.TrimStart('\uFEFF');
        var delimiter = ImportCsv.Delimiter(content);
        var (row, columns, rowStart, quoted, cellStarts) = (1, 1, 0, false, true);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (i - rowStart >= MaxRowLength)
            {
                return $"{Name(row)} is longer than {MaxRowLength:N0} characters{(quoted ? " (a quote opened in it is never closed)" : "")}. Correct it in the file and upload it again.";
            }
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                continue;
            }
            if (c == '"' && cellStarts)
            {
                (quoted, cellStarts) = (true, false);
            }
            else if (c == delimiter)
            {
                cellStarts = true;
                if (++columns > MaxColumns)
                {
                    return $"{Name(row)} has more than {MaxColumns} columns; a file can have at most {MaxColumns}. Remove the columns you do not need.";
                }
            }
            else if (c is '\r' or '\n')
            {
                // Blank lines are skipped by the parser, so they do not count as rows.
                if (i > rowStart)
                {
                    row++;
                }
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                (columns, rowStart, cellStarts) = (1, i + 1, true);
            }
            else
            {
                cellStarts = false;
            }
        }
        return null;
    }

    /// <summary>A header cell too long to be a column's name (a page of text, or a row of data read as the header).</summary>
    public static string? HeaderProblem(IReadOnlyList<string> header)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i].Length > MaxColumnNameLength)
            {
                return $"Column {i + 1}'s name in the first row is longer than {MaxColumnNameLength} characters. The first row must name the columns (for example: name, email, phone, company).";
            }
        }
        return null;
    }

    private static string Name(int row) => row == 1 ? "The first row" : $"Row {row:N0}";
}
