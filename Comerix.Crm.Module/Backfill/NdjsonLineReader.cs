namespace Comerix.Crm.Backfill;

/// <summary>
/// Reads newline-delimited lines from a stream with a fixed buffer: a line longer than <c>maxLineBytes</c> is skipped
/// to its end without being kept (reported as <see cref="NdjsonLine.TooLong"/>), so a 100 MB line or a decompression
/// bomb with no newline costs time, never memory. Counts lines and the bytes consumed, which is where a resumed
/// run starts again.
/// </summary>
internal sealed class NdjsonLineReader(Stream stream, int maxLineBytes)
{
    private const int ReadSize = 64 * 1024;

    private readonly byte[] _buffer = new byte[maxLineBytes + 1 + ReadSize];
    private int _start;
    private int _end;
    private bool _ended;

    /// <summary>The number of the last line returned (1 for the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes consumed up to and including the last line's newline (of the decompressed text).</summary>
    public long Offset { get; private set; }

    /// <summary>
    /// Starts after <paramref name="lines"/> lines that end at <paramref name="offset"/>: reads and drops the bytes
    /// before it (a gzip stream cannot seek). A caller that could seek the stream itself passes <paramref name="skip"/> false.
    /// </summary>
    public async ValueTask StartAfterAsync(long lines, long offset, bool skip, CancellationToken cancellationToken)
    {
        LineNumber = lines;
        Offset = offset;
        var left = skip ? offset : 0;
        while (left > 0)
        {
            var read = await stream.ReadAsync(_buffer.AsMemory(0, (int)Math.Min(_buffer.Length, left)), cancellationToken);
            if (read == 0)
            {
                throw new InvalidDataException("The input is shorter than the checkpoint says it was read to.");
            }
            left -= read;
        }
    }

    /// <summary>The next line (without its "\n" or "\r\n"), or null at the end of the stream.</summary>
    /// <remarks>The line's bytes are valid until the next call.</remarks>
    public async ValueTask<NdjsonLine?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return Take(newline, newline + 1);
            }
            if (_end - _start > maxLineBytes)
            {
                return await SkipLongLineAsync(cancellationToken);
            }
            if (_ended)
            {
                return _end > _start ? Take(_end - _start, _end - _start) : null;
            }
            await FillAsync(cancellationToken);
        }
    }

    private NdjsonLine Take(int length, int consumed)
    {
        var line = _buffer.AsMemory(_start, length);
        if (line.Length > 0 && line.Span[^1] == (byte)'\r')
        {
            line = line[..^1];
        }
        _start += consumed;
        Offset += consumed;
        LineNumber++;
        return new NdjsonLine(line, TooLong: false);
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        // A chunk at a time, not all the room there is: a plain file's position then says how far the lines are.
        var read = await stream.ReadAsync(_buffer.AsMemory(_end, Math.Min(ReadSize, _buffer.Length - _end)), cancellationToken);
        _end += read;
        _ended = read == 0;
    }

    /// <summary>Drops the rest of a line that cannot fit, reading in chunks until its newline (or the end).</summary>
    private async ValueTask<NdjsonLine> SkipLongLineAsync(CancellationToken cancellationToken)
    {
        Offset += _end - _start;
        _start = _end = 0;
        while (true)
        {
            var read = await stream.ReadAsync(_buffer.AsMemory(0, ReadSize), cancellationToken);
            if (read == 0)
            {
                _ended = true;
                break;
            }
            var newline = _buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Offset += newline + 1;
                _start = newline + 1;
                _end = read;
                break;
            }
            Offset += read;
        }
        LineNumber++;
        return new NdjsonLine(ReadOnlyMemory<byte>.Empty, TooLong: true);
    }
}

/// <param name="TooLong">The line was longer than the reader keeps; its bytes were skipped and <paramref name="Bytes"/> is empty.</param>
internal readonly record struct NdjsonLine(ReadOnlyMemory<byte> Bytes, bool TooLong);
