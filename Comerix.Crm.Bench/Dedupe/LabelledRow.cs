using System.Text;
using Comerix.Crm.Import;

namespace Comerix.Crm.Bench.Dedupe;

/// <summary>A row of a labelled file as the benchmark reads it: its ids and the mapped fields' values (field → value).</summary>
internal sealed record LabelledRow(string RecordId, string ClusterId, IReadOnlyDictionary<string, string> Fields)
{
    public string? Field(string field) => Fields.TryGetValue(field, out var value) && value.Length > 0 ? value : null;

    /// <summary>The name as one string: the "name" field, else first and last name (as the engine builds it from traits).</summary>
    public string? Name => Field("name") ?? (Field("first_name") is null && Field("last_name") is null ? null : $"{Field("first_name")} {Field("last_name")}".Trim());

    public IEnumerable<(string Key, string Value)> Traits => Fields
        .Where(f => f.Key.StartsWith("trait:", StringComparison.Ordinal) && f.Value.Length > 0)
        .Select(f => (f.Key[6..], f.Value));

    /// <summary>Reads a labelled CSV with the product's own CSV reader (quoting, delimiter detection) and the mappings.</summary>
    public static List<LabelledRow> Read(string content, DedupeArguments arguments)
    {
        var header = ImportCsv.Header(content).Select(h => h.Trim()).ToList();
        int Column(string name) => header.IndexOf(name) is var at and >= 0
            ? at : throw new ArgumentException($"The file has no column '{name}' (it has: {string.Join(", ", header)}).");
        var id = Column(arguments.IdColumn);
        var cluster = Column(arguments.ClusterColumn);
        var columns = arguments.Mappings.ToDictionary(m => m.Key, m => Column(m.Value), StringComparer.Ordinal);
        return ImportCsv.DataRows(content).Select(r => new LabelledRow(
            At(r.Values, id), At(r.Values, cluster),
            columns.ToDictionary(c => c.Key, c => At(r.Values, c.Value), StringComparer.Ordinal))).ToList();
    }

    /// <summary>The generated records as the generated file would be read back.</summary>
    public static List<LabelledRow> From(IEnumerable<LabelledRecord> records)
    {
        var columns = LabelledRecord.Columns;
        return records.Select(r =>
        {
            var values = r.Values().ToArray();
            return new LabelledRow(r.RecordId, r.ClusterId, DedupeArguments.GeneratedMappings.ToDictionary(
                m => m.Key, m => values[columns.ToList().IndexOf(m.Value)], StringComparer.Ordinal));
        }).ToList();
    }

    /// <summary>The generated file's text (RFC 4180: fields with commas or quotes quoted).</summary>
    public static string Csv(IEnumerable<LabelledRecord> records)
    {
        var csv = new StringBuilder(string.Join(',', LabelledRecord.Columns)).Append('\n');
        foreach (var record in records)
        {
            csv.AppendJoin(',', record.Values().Select(Quoted)).Append('\n');
        }
        return csv.ToString();
    }

    public static string Quoted(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r', ';']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string At(string[] values, int index) => index < values.Length ? values[index].Trim() : "";
}
