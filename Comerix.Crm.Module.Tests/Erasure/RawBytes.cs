using System.Text;

namespace Comerix.Crm.Tests.Erasure;

/// <summary>Looks for values in the raw bytes of files, the way someone with a copy of the disk would.</summary>
internal static class RawBytes
{
    /// <summary>The values found in any of <paramref name="files"/>, as UTF-8 or UTF-16 (case-sensitive, exact).</summary>
    public static IReadOnlyList<string> Find(IEnumerable<string> files, IEnumerable<string> values)
    {
        var contents = files.Where(File.Exists).Select(ReadShared).ToList();
        return values.Distinct().Where(value => contents.Any(bytes =>
            bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(value)) >= 0)).ToList();
    }

    /// <summary>Reads a file another process (the database) has open.</summary>
    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
