using System.Text.Json;

namespace Comerix.Crm.Erasure;

/// <summary>
/// Access and portability: implemented beside <see cref="IPersonalDataEraser"/> by a store that holds personal data
/// about contacts, so what Delete &amp; forget would erase there can be handed to the person first. Optional: an
/// eraser that also implements this is asked by the export of one person; it reads, never changes anything.
/// </summary>
public interface IPersonalDataExporter
{
    /// <summary>The subject's records in this store, found the way <see cref="IPersonalDataEraser.EraseAsync"/> finds them.</summary>
    Task<IReadOnlyList<ExportedRecords>> ExportAsync(PersonalDataSubject subject, CancellationToken cancellationToken);
}

/// <summary>Records of one kind ("conversations"), each as the JSON object the store would show the person.</summary>
public sealed record ExportedRecords(string What, IReadOnlyList<JsonElement> Records)
{
    public static ExportedRecords Of<T>(string what, IEnumerable<T> records) =>
        new(what, records.Select(r => JsonSerializer.SerializeToElement(r, JsonSerializerOptions.Web)).ToList());
}
