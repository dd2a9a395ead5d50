using System.Buffers.Binary;
using System.Diagnostics;
using Rectify.Core.Excel;
using Rectify.Core.Import;

namespace Rectify.Tests.Import;

/// <summary>
/// Issue 20: a .docx or .xlsx that expands to hundreds of megabytes is refused while it is read,
/// before anything is allocated for its content, at once and in little memory.
/// </summary>
public sealed class ArchiveBombTests
{
    /// <summary>Runs the refusal on this thread and says how long it took and how much it allocated.</summary>
    static (T Result, TimeSpan Took, long Allocated) Measure<T>(Func<T> work)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = work();
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        TestContext.Current.TestOutputHelper?.WriteLine($"{clock.Elapsed.TotalMilliseconds:0.0} ms, {allocated / 1024.0 / 1024.0:0.0} MB allocated");
        return (result, clock.Elapsed, allocated);
    }

    static ImportRefusedException Refusal(Action import) => Assert.Throws<ImportRefusedException>(import);

    /// <summary>Generous on a busy machine; the figure measured is in bench/zip-bombs.md (milliseconds).</summary>
    static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(5);
    const long LittleMemory = 100 * ZipBombs.Mebibyte;

    [Fact]
    public void A_docx_that_expands_to_680_MB_is_refused_at_once_in_little_memory()
    {
        var bomb = ZipBombs.Docx;
        Assert.True(bomb.Length < ZipBombs.Mebibyte, $"the bomb is {bomb.Length} bytes");
        var (e, took, allocated) = Measure(() => Refusal(() => NoticeImporter.Import(bomb, "通报.docx")));
        Assert.Equal("“通报.docx”中的“word/document.xml”压缩比超过 100:1 的上限，可能是压缩炸弹，已拒绝", e.Message);
        Assert.True(took < AtOnce, $"took {took}");
        Assert.True(allocated < LittleMemory, $"allocated {allocated} bytes");
    }

    [Fact]
    public void An_xlsx_that_expands_to_680_MB_is_refused_as_a_ledger_error_at_once_in_little_memory()
    {
        var bomb = ZipBombs.Xlsx;
        var (result, took, allocated) = Measure(() => LedgerWorkbook.Read(new MemoryStream(bomb)));
        Assert.False(result.Succeeded);
        Assert.Equal("Excel 文件中的“xl/worksheets/sheet1.xml”压缩比超过 100:1 的上限，可能是压缩炸弹，已拒绝", Assert.Single(result.Errors).Message);
        Assert.True(took < AtOnce, $"took {took}");
        Assert.True(allocated < LittleMemory, $"allocated {allocated} bytes");
    }

    [Fact]
    public void A_bomb_in_a_part_the_reader_never_opens_is_refused_too()
    {
        var bomb = ZipBombs.DocxWith(("word/media/image1.png", 300 * ZipBombs.Mebibyte));
        var e = Refusal(() => NoticeImporter.Import(bomb, "通报.docx"));
        Assert.Contains("“word/media/image1.png”压缩比超过 100:1 的上限", e.Message);
    }

    [Fact]
    public void Declared_sizes_that_lie_do_not_let_a_bomb_through()
    {
        var bomb = (byte[])ZipBombs.Docx.Clone();
        Assert.Equal(2, DeclareSize(bomb, "word/document.xml", 1000)); // the local header and the central directory
        var (e, took, allocated) = Measure(() => Refusal(() => NoticeImporter.Import(bomb, "通报.docx")));
        Assert.Contains("“通报.docx”", e.Message);
        Assert.True(took < AtOnce, $"took {took}");
        Assert.True(allocated < LittleMemory, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Parts_that_compress_little_are_held_to_the_total()
    {
        var random = new Random(20);
        string Noise(int bytes)
        {
            var b = new byte[bytes * 3 / 4];
            random.NextBytes(b);
            return Convert.ToBase64String(b);
        }
        var docx = ZipBombs.Build(("word/document.xml", "<w:document/>", 0), ("word/a.xml", Noise(600 * 1024), 0), ("word/b.xml", Noise(600 * 1024), 0));
        var oneMegabyte = ArchiveLimits.Default with { MaxUncompressedBytes = ZipBombs.Mebibyte };
        var e = Refusal(() => NoticeImporter.Import(docx, "通报.docx", oneMegabyte));
        Assert.Equal("“通报.docx”解压后超过 1 MB 上限，可能是压缩炸弹，已拒绝", e.Message);
        ArchiveGuard.Check(docx, "通报.docx"); // within the default 50 MB it passes
    }

    [Fact]
    public void Too_many_entries_are_refused()
    {
        var entries = Enumerable.Range(0, 10_001).Select(i => ($"word/p{i}.xml", "", 0L)).Prepend(("word/document.xml", "<w:document/>", 0L)).ToArray();
        var e = Refusal(() => NoticeImporter.Import(ZipBombs.Build(entries), "通报.docx"));
        Assert.Equal("“通报.docx”中的压缩条目超过 10000 个的上限，可能是压缩炸弹，已拒绝", e.Message);
        var xlsx = LedgerWorkbook.Read(new MemoryStream(ZipBombs.Build(entries)));
        Assert.Equal("Excel 文件中的压缩条目超过 10000 个的上限，可能是压缩炸弹，已拒绝", Assert.Single(xlsx.Errors).Message);
    }

    [Fact]
    public void A_directory_of_70000_entries_is_refused_before_it_is_read()
    {
        // More than 65,535 entries: the count is in the Zip64 end record. Reading such a directory costs
        // ZipArchive about 40 MB of entry objects; the count is checked first.
        var entries = Enumerable.Range(0, 70_000).Select(i => ($"{i:x5}", "", 0L)).ToArray();
        var zip = ZipBombs.Build(entries);
        var (e, _, allocated) = Measure(() => Refusal(() => NoticeImporter.Import(zip, "通报.docx")));
        Assert.Equal("“通报.docx”中的压缩条目超过 10000 个的上限，可能是压缩炸弹，已拒绝", e.Message);
        Assert.True(allocated < 5 * ZipBombs.Mebibyte, $"allocated {allocated} bytes");
    }

    /// <summary>Writes a false uncompressed size for the entry into its local header and its central directory record.</summary>
    static int DeclareSize(byte[] zip, string entry, uint size)
    {
        var name = System.Text.Encoding.UTF8.GetBytes(entry);
        var patched = 0;
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50 && zip.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
                patched++;
            }
            else if (signature == 0x02014b50 && zip.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
                patched++;
            }
        }
        return patched;
    }
}
