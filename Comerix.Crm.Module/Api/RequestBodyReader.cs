using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Comerix.Crm.Api;

/// <summary>
/// Reads a request body whole into memory, decoding <c>Content-Encoding: gzip</c> or <c>deflate</c> on the way, and
/// stops — without reading further — as soon as the body is over a limit:
/// <list type="bullet">
/// <item>the decoded body over <see cref="CrmApiOptions.MaxRequestBodyBytes"/> (the limit is on what we parse, not on
/// the wire: Content-Length of a compressed body is the compressed size);</item>
/// <item>the compressed body over the same number of bytes (JSON never compresses to more than its size, so a
/// compressed body that large could only inflate past the limit);</item>
/// <item>once more than <see cref="RatioFreeBytes"/> are decoded, the decoded size over
/// <see cref="CrmApiOptions.MaxCompressionRatio"/> times the compressed bytes read so far: a decompression bomb.</item>
/// </list>
/// Decoding streams into the bounded buffer, so a 1 GiB gzip bomb costs what decoding the first few hundred KiB costs.
/// </summary>
internal static class RequestBodyReader
{
    /// <summary>Bodies up to this size are never refused for their ratio: small bodies of repeated text compress far.</summary>
    public const int RatioFreeBytes = 64 * 1024;

    /// <summary>
    /// The compressed side is fed to the decoder at most this many bytes at a time, so "compressed bytes read so far"
    /// is within this much of what the decoder has consumed: the ratio check trips where the ratio is crossed, not a
    /// read-ahead buffer (8 KiB, which a bomb inflates to 8 MiB) later.
    /// </summary>
    private const int CompressedSlice = 1024;

    /// <summary>The codings accepted, as the 415 answer's Accept-Encoding names them (RFC 9110 §15.5.16).</summary>
    public const string AcceptedCodings = "gzip, deflate";

    public enum Coding { Identity, Gzip, Deflate }

    /// <summary>The body's one content coding, or the 415 that names what is not accepted.</summary>
    public static (Coding Coding, ProblemHttpResult? Problem) CodingOf(HttpRequest request)
    {
        // Comma-separated, possibly over several header lines; "identity" (no coding) may be named and means nothing.
        var codings = request.Headers.ContentEncoding
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(coding => !coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (codings.Count == 0)
        {
            return (Coding.Identity, null);
        }
        if (codings.Count > 1)
        {
            // Stacked codings (RFC 9110 allows "gzip, gzip") are refused: no client stacks them, and each layer of
            // gzip multiplies how far a bomb inflates (a 1 KiB gzip of a gzip bomb unpacks to a 1 MiB bomb of 1 GiB).
            return (Coding.Identity, Refuse(request, $"Content-Encoding '{string.Join(", ", codings)}' stacks {codings.Count} codings; " +
                $"encode the body once, with gzip or deflate (or send it uncompressed). Nothing was stored."));
        }
        var coding = codings[0];
        if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
        {
            return (Coding.Gzip, null);
        }
        if (coding.Equals("deflate", StringComparison.OrdinalIgnoreCase))
        {
            return (Coding.Deflate, null);
        }
        return (Coding.Identity, Refuse(request, $"Content-Encoding '{Printable(coding)}' is not accepted; " +
            "send the body with gzip or deflate, or uncompressed. Nothing was stored."));
    }

    /// <summary>The whole decoded body, or the problem (413, 400) that says why it was not read to its end.</summary>
    public static async Task<(MemoryStream? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, Coding coding, CrmApiOptions options)
    {
        var limit = options.MaxRequestBodyBytes;
        // For a compressed body, Content-Length is the compressed size: bounded by the same limit (see the class).
        if (request.ContentLength > limit)
        {
            return (null, ApiProblems.TooLarge(limit));
        }
        var cancel = request.HttpContext.RequestAborted;
        var source = new CountingStream(request.Body, limit, coding == Coding.Identity ? int.MaxValue : CompressedSlice);
        var buffer = new MemoryStream(coding == Coding.Identity && request.ContentLength is { } length ? (int)length : 0);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            await using var decoded = coding switch
            {
                Coding.Gzip => new GZipStream(source, CompressionMode.Decompress, leaveOpen: true),
                Coding.Deflate => await DeflateDecoderAsync(source, cancel),
                _ => (Stream)source,
            };
            int read;
            while ((read = await decoded.ReadAsync(chunk, cancel)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (null, ApiProblems.TooLarge(limit, decoded: coding != Coding.Identity));
                }
                buffer.Write(chunk, 0, read);
                if (coding != Coding.Identity && buffer.Length > RatioFreeBytes && buffer.Length > options.MaxCompressionRatio * source.BytesRead)
                {
                    return (null, ApiProblems.CompressionBomb(Name(coding), options.MaxCompressionRatio));
                }
            }
            if (source.OverLimit)
            {
                return (null, ApiProblems.TooLarge(limit));
            }
        }
        catch (InvalidDataException)
        {
            // zlib's own message ("unsupported compression method") misleads; the checksum, the header or the data is bad.
            return (null, source.OverLimit
                ? ApiProblems.TooLarge(limit)
                : ApiProblems.CorruptBody(Name(coding), "its compressed data is corrupt, or it was not compressed as Content-Encoding says"));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        if (EndProblem(coding, source, buffer) is { } truncated)
        {
            return (null, ApiProblems.CorruptBody(Name(coding), truncated));
        }
        buffer.Position = 0;
        return (buffer, null);
    }

    /// <summary>
    /// HTTP's <c>deflate</c> is zlib-wrapped deflate (RFC 9110 §8.4.1.2, RFC 1950), but some clients send raw deflate
    /// (RFC 1951); both are accepted. A zlib stream starts with a two-byte header: compression method 8, a window of
    /// at most 32 KiB, no preset dictionary, and the pair a multiple of 31. Raw deflate cannot start that way in
    /// practice (its first byte would begin a non-final stored block with padding bits set), which is the same sniff
    /// browsers and curl use for "deflate" responses.
    /// </summary>
    private static async Task<Stream> DeflateDecoderAsync(CountingStream source, CancellationToken cancel)
    {
        var header = await source.PeekAsync(2, cancel);
        var zlib = header.Length == 2 && (header[0] & 0x0F) == 8 && header[0] >> 4 <= 7 && (header[1] & 0x20) == 0
            && (header[0] << 8 | header[1]) % 31 == 0;
        source.IsZlib = zlib;
        return zlib
            ? new ZLibStream(source, CompressionMode.Decompress, leaveOpen: true)
            : new DeflateStream(source, CompressionMode.Decompress, leaveOpen: true);
    }

    /// <summary>
    /// .NET's decoders answer a stream cut off before its end as if it ended there. zlib checks the trailer when it is
    /// present (gzip: CRC-32 and size; zlib: Adler-32), so a body whose last four bytes are not the trailer its decoded
    /// bytes call for was cut off (or has something after its end, or several gzip members: no HTTP client sends
    /// either). Raw deflate has no trailer; a cut there leaves JSON that does not parse, which says so.
    /// </summary>
    private static string? EndProblem(Coding coding, CountingStream source, MemoryStream decoded)
    {
        var ends = coding switch
        {
            Coding.Gzip => source.BytesRead >= 18 && BinaryPrimitives.ReverseEndianness(source.LastFourBytes) == (uint)decoded.Length,
            Coding.Deflate when source.IsZlib => source.BytesRead >= 6 && source.LastFourBytes == Adler32(decoded.GetBuffer().AsSpan(0, (int)decoded.Length)),
            _ => true,
        };
        return ends ? null : "it ends before its compressed data does (truncated), or does not end with it";
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        uint a = 1, b = 0;
        while (data.Length > 0)
        {
            // 5,552 bytes is the most that can be summed before b may overflow 32 bits.
            var block = data[..Math.Min(5552, data.Length)];
            foreach (var value in block)
            {
                a += value;
                b += a;
            }
            a %= Modulus;
            b %= Modulus;
            data = data[block.Length..];
        }
        return b << 16 | a;
    }

    private static ProblemHttpResult Refuse(HttpRequest request, string detail)
    {
        request.HttpContext.Response.Headers[HeaderNames.AcceptEncoding] = AcceptedCodings;
        return ApiProblems.UnsupportedEncoding(detail);
    }

    private static string Name(Coding coding) => coding == Coding.Gzip ? "gzip" : "deflate";

    private static string Printable(string value) =>
        new(value.Take(40).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c).ToArray());

    /// <summary>
    /// The request body as the decoder sees it: counted, cut at the limit (then it ends, and <see cref="OverLimit"/>
    /// says why), at most <c>slice</c> bytes a read, remembering its last four bytes (the trailer).
    /// </summary>
    private sealed class CountingStream(Stream inner, long limit, int slice) : Stream
    {
        private byte[] _peeked = [];
        private int _peekedAt;

        public long BytesRead { get; private set; }

        public bool OverLimit { get; private set; }

        public bool IsZlib { get; set; }

        /// <summary>The last four bytes read, the earliest in the high byte.</summary>
        public uint LastFourBytes { get; private set; }

        /// <summary>Reads up to <paramref name="count"/> bytes that the next reads hand out again.</summary>
        public async Task<byte[]> PeekAsync(int count, CancellationToken cancel)
        {
            var peeked = new byte[count];
            var filled = 0;
            int read;
            while (filled < count && (read = await ReadAsync(peeked.AsMemory(filled), cancel)) > 0)
            {
                filled += read;
            }
            _peeked = peeked[..filled];
            _peekedAt = 0;
            return _peeked;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_peekedAt < _peeked.Length)
            {
                return Replay(buffer.Span);
            }
            if (OverLimit)
            {
                return 0;
            }
            var read = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, slice)], cancellationToken);
            return Took(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_peekedAt < _peeked.Length)
            {
                return Replay(buffer);
            }
            return OverLimit ? 0 : Took(buffer[..inner.Read(buffer[..Math.Min(buffer.Length, slice)])]);
        }

        private int Replay(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, _peeked.Length - _peekedAt);
            _peeked.AsSpan(_peekedAt, count).CopyTo(buffer);
            _peekedAt += count;
            return count;
        }

        private int Took(ReadOnlySpan<byte> read)
        {
            BytesRead += read.Length;
            if (BytesRead > limit)
            {
                OverLimit = true;
                return 0;
            }
            foreach (var value in read[Math.Max(0, read.Length - 4)..])
            {
                LastFourBytes = LastFourBytes << 8 | value;
            }
            return read.Length;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
