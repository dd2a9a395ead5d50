using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Rectify.Core.Import;

/// <summary>
/// How much a .docx, .xlsx or other zip from outside may hold once decompressed: a few hundred
/// kilobytes can expand to gigabytes (a zip bomb).
/// </summary>
/// <param name="MaxUncompressedBytes">All entries together, decompressed.</param>
/// <param name="MaxEntries">Entries in the archive.</param>
/// <param name="MaxCompressionRatio">Decompressed bytes per compressed byte of one entry, once it has passed <paramref name="RatioGraceBytes"/>.</param>
/// <param name="RatioGraceBytes">A small entry may compress better than that (a run of empty cells); its size is bounded by the total anyway.</param>
public sealed record ArchiveLimits(long MaxUncompressedBytes, int MaxEntries, int MaxCompressionRatio, long RatioGraceBytes)
{
    public const long Megabyte = 1024 * 1024;

    /// <summary>
    /// 50 MB is a hundred times a large ledger's sheet; 100:1 past 1 MB is Apache POI's rule for
    /// Office files (ZipSecureFile), well above what real XML reaches (about 10:1).
    /// </summary>
    public static ArchiveLimits Default { get; } = new(50 * Megabyte, 10_000, 100, 1 * Megabyte);
}

/// <summary>
/// Decompresses every entry of an archive into nothing before anything else reads it, counting the
/// bytes that actually come out (declared sizes may lie), and refuses the archive at the first
/// limit passed: nothing is allocated for the content, and the refusal comes as soon as the limit
/// is reached, not after the whole bomb has been expanded.
/// </summary>
public static class ArchiveGuard
{
    /// <param name="name">The file as messages name it, e.g. “通报.docx” or 文件.</param>
    /// <exception cref="ImportRefusedException">Over a limit, or not a readable zip.</exception>
    public static void Check(byte[] content, string name, ArchiveLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var stream = new MemoryStream(content, writable: false);
        Check(stream, name, limits);
    }

    /// <summary>The same for an archive too large to hold in memory (a backup): read from a seekable stream.</summary>
    public static void Check(Stream archive, string name, ArchiveLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        limits ??= ArchiveLimits.Default;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            // Before the directory is read: ZipArchive makes an object per entry (a 20 MB file can hold 250,000,
            // 135 MB of them) and refuses a directory that holds more entries than the end record declares.
            if (DeclaredEntries(archive) > limits.MaxEntries)
                throw Bomb($"{name}中的压缩条目超过 {limits.MaxEntries} 个的上限");
            archive.Position = 0;
            var source = new CountingStream(archive);
            using var zip = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > limits.MaxEntries)
                throw Bomb($"{name}中的压缩条目超过 {limits.MaxEntries} 个的上限");
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                long inEntry = 0;
                var compressedBefore = source.BytesRead;
                using var stream = entry.Open();
                int n;
                while ((n = stream.Read(buffer)) > 0)
                {
                    inEntry += n;
                    total += n;
                    if (total > limits.MaxUncompressedBytes)
                        throw Bomb($"{name}解压后超过 {Megabytes(limits.MaxUncompressedBytes)} 上限");
                    // Against the compressed bytes read so far, not the entry's whole size: a bomb shows at its first megabyte.
                    if (inEntry > limits.RatioGraceBytes && inEntry / Math.Max(1, source.BytesRead - compressedBefore) > limits.MaxCompressionRatio)
                        throw Bomb($"{name}中的“{Shorten(entry.FullName)}”压缩比超过 {limits.MaxCompressionRatio}:1 的上限");
                }
            }
        }
        // A damaged archive fails while its directory or an entry is read (unsupported method, bad data…).
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            throw new ImportRefusedException($"{name}是损坏的压缩文件");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The entry count of the end of central directory record (APPNOTE 4.3.16), or of the Zip64 one when
    /// the count does not fit (4.3.14); 0 when there is no such record (ZipArchive then refuses the file).
    /// </summary>
    static long DeclaredEntries(Stream archive)
    {
        // The record is 22 bytes and a comment of at most 65,535; looked for from the end, as ZipArchive does.
        var tailLength = (int)Math.Min(archive.Length, 22 + ushort.MaxValue + 20);
        var tailStart = archive.Length - tailLength;
        var tail = Read(archive, tailStart, tailLength);
        for (var at = tail.Length - 22; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != 0x06054b50) continue;
            long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            var locator = at - 20;
            if (count == ushort.MaxValue && locator >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(locator)) == 0x07064b50)
            {
                var record = BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(locator + 8));
                if (record <= (ulong)(archive.Length - 40))
                {
                    var zip64 = Read(archive, (long)record, 40);
                    if (BinaryPrimitives.ReadUInt32LittleEndian(zip64) == 0x06064b50)
                        count = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(32)), long.MaxValue);
                }
            }
            return count;
        }
        return 0;
    }

    static byte[] Read(Stream archive, long at, int length)
    {
        var bytes = new byte[length];
        archive.Position = at;
        archive.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The archive's bytes, counting how many the decompressor has taken.</summary>
    sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));
        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));
        public override int ReadByte()
        {
            var b = inner.ReadByte();
            if (b >= 0) BytesRead++;
            return b;
        }

        int Counted(int n)
        {
            BytesRead += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    static ImportRefusedException Bomb(string what) => new($"{what}，可能是压缩炸弹，已拒绝");

    static string Shorten(string entry) => entry.Length <= 60 ? entry : entry[..57] + "…";

    public static string Megabytes(long bytes) => (bytes / (double)ArchiveLimits.Megabyte).ToString("0.##", CultureInfo.InvariantCulture) + " MB";
}
