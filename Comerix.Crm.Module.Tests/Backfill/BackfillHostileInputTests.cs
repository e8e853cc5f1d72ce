using System.IO.Compression;
using System.Text;
using Comerix.Crm.Backfill;
using Comerix.Crm.Data;

namespace Comerix.Crm.Tests.Backfill;

/// <summary>Input made to hurt: each bad line is refused by number with its reason, the good lines around it are stored, nothing throws.</summary>
public sealed class BackfillHostileInputTests
{
    private const string Good = """{"id":"good-1","type":"form","occurredAt":"2025-01-02T10:00:00Z","claims":[{"type":"email","value":"kept@example.com"}]}""";
    private const string GoodToo = """{"type":"identify","messageId":"good-2","userId":"u-2","traits":{"email":"also.kept@example.com"}}""";

    [Fact]
    public async Task NulBytesLoneSurrogatesBadUtf8DeepNestingAndAHundredMegabyteLineAreRejectedAndTheRestStored()
    {
        await using var site = await BackfillSite.CreateAsync(CrmDatabaseProviders.Sqlite);
        var path = Path.Combine(site.Directory, "hostile.ndjson");
        await using (var file = File.Create(path))
        {
            void Line(byte[] bytes)
            {
                file.Write(bytes);
                file.WriteByte((byte)'\n');
            }
            Line(Encoding.UTF8.GetBytes(Good));
            Line([.. "{\"id\":\"raw-nul\",\"type\":\"form\",\"name\":\"a"u8, 0, .. "\"}"u8]);
            Line("""{"id":"escaped-nul","type":"form","occurredAt":"2025-01-02T10:00:00Z","claims":[{"type":"email","value":"x\u0000@example.com"}]}"""u8.ToArray());
            Line("""{"type":"track","messageId":"lone","userId":"\ud800","event":"x"}"""u8.ToArray());
            Line([.. "{\"id\":\"bad-utf8\",\"type\":\"form\",\"name\":\""u8, 0xff, 0xfe, .. "\"}"u8]);
            Line(Encoding.UTF8.GetBytes("{\"id\":\"deep\",\"type\":\"form\",\"payload\":" + new string('[', 100_000) + new string(']', 100_000) + "}"));
            // 100 MB on one line: skipped unread, in chunks.
            var chunk = Encoding.ASCII.GetBytes(new string('a', 1024 * 1024));
            file.Write("{\"id\":\"huge\",\"type\":\"form\",\"name\":\""u8);
            for (var i = 0; i < 100; i++)
            {
                file.Write(chunk);
            }
            Line("\"}"u8.ToArray());
            Line(Encoding.UTF8.GetBytes(GoodToo));
        }

        var summary = await site.ImportAsync(path);

        Assert.True(summary.Completed);
        Assert.Equal(new BackfillCounts(Lines: 8, Created: 2, Rejected: 6), summary.Counts);
        Assert.Equal(["also.kept@example.com - 1", "kept@example.com - 1"], await site.ContactsAsync());
        var rejects = await File.ReadAllLinesAsync(summary.RejectsPath!);
        Assert.Equal(["line 2: ", "line 3: ", "line 4: ", "line 5: ", "line 6: ", "line 7: "], rejects.Select(r => r[..(r.IndexOf(':', StringComparison.Ordinal) + 2)]));
        Assert.Contains("not valid JSON", rejects[0]);
        Assert.Contains("NUL", rejects[1]);
        Assert.Contains("unpaired UTF-16 surrogate", rejects[2]);
        Assert.Equal("line 5: the line is not valid UTF-8 text", rejects[3]);
        Assert.Contains("depth", rejects[4]);
        Assert.Equal("line 7: the line is longer than 4 MiB; it was not read", rejects[5]);
    }

    [Fact]
    public async Task AGzipBombIsReadThroughWithoutBeingHeldAndTheLinesAfterItStored()
    {
        await using var site = await BackfillSite.CreateAsync(CrmDatabaseProviders.Sqlite);
        var path = Path.Combine(site.Directory, "bomb.ndjson.gz");
        await using (var file = File.Create(path))
        await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(Good + "\n"));
            // 512 MB of one byte, no newline: a few hundred kilobytes compressed.
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 512; i++)
            {
                gzip.Write(zeros);
            }
            gzip.Write(Encoding.UTF8.GetBytes("\n" + GoodToo + "\n"));
        }
        Assert.True(new FileInfo(path).Length < 2 * 1024 * 1024);

        var summary = await site.ImportAsync(path);

        Assert.Equal(new BackfillCounts(Lines: 3, Created: 2, Rejected: 1), summary.Counts);
        Assert.Equal(["line 2: the line is longer than 4 MiB; it was not read"], await File.ReadAllLinesAsync(summary.RejectsPath!));
    }

    [Fact]
    public async Task ACorruptGzipFileStopsTheImportWithAReasonAndKeepsWhatWasCommitted()
    {
        await using var site = await BackfillSite.CreateAsync(CrmDatabaseProviders.Sqlite);
        var path = EventBackfillTests.Gzip(Path.Combine(site.Directory, "cut.ndjson.gz"), EventBackfillTests.People(20_000));
        var bytes = await File.ReadAllBytesAsync(path);
        // Garbage from the middle on: the deflate stream breaks somewhere after the first batches.
        new Random(7).NextBytes(bytes.AsSpan(bytes.Length / 2, 64));
        await File.WriteAllBytesAsync(path, bytes);

        var summary = await site.ImportAsync(path, batchSize: 1_000);

        Assert.False(summary.Completed);
        Assert.StartsWith("the input could not be read past line ", summary.Problem);
        Assert.True(summary.Counts.Created > 0, "the batches before the damage are stored");
        Assert.Equal(summary.Counts.Created, (await site.ContactsAsync()).Count);
    }

    [Fact]
    public async Task TheLineReaderKeepsOnlyItsBufferWhateverTheLineLength()
    {
        // A gigabyte with no newline, made on the fly: the reader must drop it as it goes.
        await using var endless = new RepeatedByteStream((byte)'x', 1L << 30, tail: "\n{}\n"u8.ToArray());
        var reader = new NdjsonLineReader(endless, maxLineBytes: 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var first = await reader.ReadAsync(CancellationToken.None);
        var second = await reader.ReadAsync(CancellationToken.None);

        Assert.True(first!.Value.TooLong);
        Assert.Equal("{}", Encoding.ASCII.GetString(second!.Value.Bytes.Span));
        Assert.Null(await reader.ReadAsync(CancellationToken.None));
        Assert.Equal((1L << 30) + 4, reader.Offset);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024, "the reader held what it skipped");
    }

    /// <summary>A stream of <c>length</c> copies of one byte, then <c>tail</c>, read synchronously and never held.</summary>
    private sealed class RepeatedByteStream(byte value, long length, byte[] tail) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length + tail.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < length)
            {
                var n = (int)Math.Min(buffer.Length, length - _position);
                buffer[..n].Fill(value);
                _position += n;
                return n;
            }
            var at = (int)(_position - length);
            var rest = Math.Min(buffer.Length, tail.Length - at);
            tail.AsSpan(at, rest).CopyTo(buffer);
            _position += rest;
            return rest;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
