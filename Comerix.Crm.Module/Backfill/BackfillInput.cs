using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;

namespace Comerix.Crm.Backfill;

/// <summary>
/// The file being loaded (or standard input), decompressed when it is gzip: told by its first two bytes (1f 8b),
/// not by its name, so a <c>.gz</c> that is not compressed and a compressed file without the extension both read.
/// Knows how far through the file's own bytes it is, for the progress bar.
/// </summary>
internal sealed class BackfillInput : IAsyncDisposable
{
    private static readonly byte[] GzipMagic = [0x1f, 0x8b];

    private readonly FileStream? _file;
    private readonly Stream _text;

    private BackfillInput(FileStream? file, Stream text, bool compressed, string name)
    {
        _file = file;
        _text = text;
        Compressed = compressed;
        Name = name;
    }

    /// <summary>The file's full path, or "standard input".</summary>
    public string Name { get; }

    public bool Compressed { get; }

    /// <summary>The file itself (null for standard input): what a checkpoint is keyed by.</summary>
    public FileInfo? File => _file is null ? null : new FileInfo(_file.Name);

    /// <summary>The file's size in bytes as stored (compressed or not); null for standard input.</summary>
    public long? Length => _file?.Length;

    /// <summary>How many of the file's stored bytes have been read (a gzip stream reads a little ahead).</summary>
    public long Position => _file?.Position ?? 0;

    /// <summary>The text (decompressed), as a stream of bytes.</summary>
    public Stream Text => _text;

    public static async Task<BackfillInput> OpenFileAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        try
        {
            var head = new byte[2];
            var read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            file.Position = 0;
            var compressed = read == 2 && head.AsSpan().SequenceEqual(GzipMagic);
            // The line reader buffers; the file stream reads in its chunks (bufferSize 1 turns the file's own buffer off).
            Stream text = compressed ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
            return new BackfillInput(file, text, compressed, file.Name);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>Standard input (or any stream that cannot seek): the first bytes are looked at without being lost.</summary>
    public static async Task<BackfillInput> OpenStreamAsync(Stream input, CancellationToken cancellationToken)
    {
        var pipe = PipeReader.Create(input, new StreamPipeReaderOptions(leaveOpen: true));
        var head = await pipe.ReadAtLeastAsync(GzipMagic.Length, cancellationToken);
        var compressed = head.Buffer.Length >= 2 && head.Buffer.Slice(0, 2).ToArray().AsSpan().SequenceEqual(GzipMagic);
        pipe.AdvanceTo(head.Buffer.Start);
        var raw = pipe.AsStream();
        Stream text = compressed ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        return new BackfillInput(null, text, compressed, "standard input");
    }

    /// <summary>
    /// Moves to <paramref name="offset"/> of the text, the end of a line a checkpoint recorded: a plain file seeks;
    /// true when it did, false when the reader has to read its way there (gzip, standard input).
    /// </summary>
    public bool TrySeek(long offset)
    {
        if (_file is null || Compressed || offset > _file.Length)
        {
            return false;
        }
        _file.Position = offset;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _text.DisposeAsync();
        if (_file is not null)
        {
            await _file.DisposeAsync();
        }
    }
}
