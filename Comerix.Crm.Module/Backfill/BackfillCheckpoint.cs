using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Comerix.Crm.Backfill;

/// <summary>
/// How far a backfill got: the line and byte offset that end its last committed batch, what it had counted by then,
/// and how long its rejects file was. Written after each commit (write-then-rename, so a kill leaves the old or the new
/// one, never half of one); a kill between a commit and its checkpoint only means that batch is read again, and its
/// events, stored once by id, count as duplicates.
/// </summary>
internal sealed record BackfillCheckpoint(long Line, long Offset, long RejectsLength, BackfillCounts Counts);

/// <summary>
/// Where a checkpoint lives: a small file in the data folder's <c>backfill/</c>, named by a hash of what makes it the
/// same import: the tenant, the database, the input's full path, size and last-write time. A file that changed since
/// (appended to, replaced) starts again from its first line.
/// </summary>
internal sealed class BackfillCheckpointFile(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Path { get; } = path;

    public static BackfillCheckpointFile For(string directory, string tenantId, string database, FileInfo input)
    {
        var identity = string.Join('\n', tenantId, database, input.FullName, input.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            input.LastWriteTimeUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
        return new BackfillCheckpointFile(System.IO.Path.Combine(directory, $"{System.IO.Path.GetFileName(input.FullName)}.{key}.checkpoint.json"));
    }

    /// <summary>The checkpoint an interrupted run left, or null (none, or one that cannot be read: then start over).</summary>
    public BackfillCheckpoint? Load()
    {
        try
        {
            return File.Exists(Path) ? JsonSerializer.Deserialize<BackfillCheckpoint>(File.ReadAllBytes(Path), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(BackfillCheckpoint checkpoint)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(checkpoint, Json));
        File.Move(temporary, Path, overwrite: true);
    }

    public void Delete() => File.Delete(Path);
}
