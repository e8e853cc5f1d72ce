using System.Text;

namespace Comerix.Crm.Backfill;

/// <summary>
/// The rejects file: one line per refused input line, <c>line N: reason</c>. The line itself is not copied (it may be
/// 100 MB, or hold a person's details); its number finds it (<c>sed -n Np FILE</c>). Created at the first reject; a
/// resumed run cuts it back to the length its checkpoint recorded, so a reject is never listed twice.
/// </summary>
internal sealed class BackfillRejects(string path) : IDisposable
{
    private const int MaxReasonLength = 500;

    private FileStream? _file;

    public string Path { get; } = path;

    /// <summary>Bytes written so far (what a checkpoint records).</summary>
    public long Length => _file?.Length ?? (File.Exists(Path) ? new FileInfo(Path).Length : 0);

    public bool Any => Length > 0;

    /// <summary>Keeps the first <paramref name="length"/> bytes of an earlier run's file (0: starts it afresh).</summary>
    public void StartAt(long length)
    {
        if (File.Exists(Path) && new FileInfo(Path).Length != length)
        {
            using var file = new FileStream(Path, FileMode.Open, FileAccess.Write);
            file.SetLength(Math.Min(length, file.Length));
        }
    }

    public void Write(IEnumerable<(long Line, string Reason)> rejects)
    {
        foreach (var (line, reason) in rejects)
        {
            _file ??= Open();
            _file.Write(Encoding.UTF8.GetBytes($"line {line}: {OneLine(reason)}\n"));
        }
        _file?.Flush();
    }

    private FileStream Open()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        return new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    /// <summary>A reason may quote a field name from the input: no control character may break the file's lines.</summary>
    private static string OneLine(string reason)
    {
        var text = new StringBuilder(Math.Min(reason.Length, MaxReasonLength));
        foreach (var c in reason.Length > MaxReasonLength ? reason[..MaxReasonLength] + "…" : reason)
        {
            text.Append(char.IsControl(c) || char.IsSurrogate(c) ? ' ' : c);
        }
        return text.ToString();
    }

    public void Dispose() => _file?.Dispose();
}
