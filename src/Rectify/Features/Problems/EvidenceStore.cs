using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using System.Security.Cryptography;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Problems;

/// <summary>
/// 佐证材料 on disk: outside the web root under data/evidence/&lt;sha256 prefix&gt;/&lt;sha256&gt;,
/// accepted only when the content is what the name says (the name alone proves nothing).
/// A file is written under evidence/tmp, flushed to disk and moved into its place before the rows
/// that name it are saved (<see cref="Place"/>): a row never names a missing file. A save that
/// fails leaves the placed file behind (content-addressed: harmless, kept or reused by the next
/// upload of the same content); staged files a crash left in tmp are swept (<see cref="SweepStaged"/>).
/// </summary>
public sealed class EvidenceStore(Storage storage, UploadLimits limits)
{
    /// <summary>Rectify:Uploads:MaxFileMB (<see cref="UploadLimits"/>); the request as a whole is held to MaxRequestMB.</summary>
    public long MaxBytes => limits.MaxFileBytes;

    public string Folder => storage.EvidenceFolder;

    /// <summary>Where uploads wait while they are checked; never part of a backup (<see cref="Backup"/>).</summary>
    public const string StagingFolderName = "tmp";
    string StagingFolder => Path.Combine(Folder, StagingFolderName);

    static readonly Dictionary<string, (string Kind, string ContentType)> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("PDF", "application/pdf"),
        [".jpg"] = ("JPEG 图片", "image/jpeg"),
        [".jpeg"] = ("JPEG 图片", "image/jpeg"),
        [".png"] = ("PNG 图片", "image/png"),
        [".docx"] = ("Word 文档（docx）", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        [".xlsx"] = ("Excel 工作簿（xlsx）", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        [".doc"] = ("Word 97-2003 文档（doc）", "application/msword"),
        [".xls"] = ("Excel 97-2003 工作簿（xls）", "application/vnd.ms-excel"),
        [".ofd"] = ("OFD 版式文件", "application/ofd"),
        [".zip"] = ("ZIP 压缩包", "application/zip"),
    };

    static readonly HashSet<string> PhoneFormats = new(StringComparer.OrdinalIgnoreCase) { ".heic", ".heif", ".webp" };

    public static string AllowedList => "pdf、jpg/jpeg、png、docx、xlsx、doc、xls、ofd、zip";

    /// <summary>A checked upload waiting in the staging folder until it is placed, before the rows are saved.</summary>
    public sealed record StagedFile(string FileName, string ContentType, long Size, string Sha256, string TempPath)
    {
        public string StoredPath => Sha256[..2] + "/" + Sha256;
    }

    /// <summary>
    /// The uploads of a request already checked, by the request's own file: a second attempt of the request
    /// (<see cref="RetriedRequest"/>, after a transient database error) takes a file that is in its place already
    /// instead of copying and checking it again. Dropped with the request's form.
    /// </summary>
    readonly System.Runtime.CompilerServices.ConditionalWeakTable<IFormFile, StagedFile> _checked = new();

    /// <summary>Checks name, size and content of every file before any is kept; refuses the lot on the first bad one.</summary>
    public async Task<List<StagedFile>> StageAsync(IReadOnlyList<IFormFile> files, CancellationToken ct)
    {
        var staged = new List<StagedFile>();
        try
        {
            foreach (var f in files)
            {
                // Its staged copy is gone (placed, or discarded); placed, it is there to be named again.
                if (_checked.TryGetValue(f, out var known) && File.Exists(PathOf(known.StoredPath))) staged.Add(known);
                else
                {
                    var s = await StageOneAsync(f, ct);
                    _checked.AddOrUpdate(f, s);
                    staged.Add(s);
                }
            }
            return staged;
        }
        catch
        {
            Discard(staged);
            throw;
        }
    }

    async Task<StagedFile> StageOneAsync(IFormFile file, CancellationToken ct)
    {
        var name = Path.GetFileName(file.FileName.Replace('\\', '/')).Trim();
        if (name.Length == 0) name = "未命名";
        var ext = Path.GetExtension(name);
        // A phone's camera may save HEIF or WebP, and the photo picker (accept="image/*") offers them: say how to send a JPEG.
        if (!Types.TryGetValue(ext, out var type))
            throw new ProblemRefusedException(StatusCodes.Status415UnsupportedMediaType, PhoneFormats.Contains(ext)
                ? $"不接受“{name}”：这是手机保存的 {ext.TrimStart('.').ToUpperInvariant()} 格式照片，暂只接受 jpg/jpeg、png 格式的照片。请在手机相机的设置中把照片格式改为“兼容性最佳”（JPEG），或在相册中把这张照片另存为 JPEG 后再上传"
                : $"不接受“{name}”：只接受 {AllowedList} 格式的佐证材料");
        if (file.Length > MaxBytes)
            throw new ProblemRefusedException(StatusCodes.Status413PayloadTooLarge,
                $"文件“{name}”有 {Megabytes(file.Length)}，超过单个文件 {Megabytes(MaxBytes)} 的上限");
        if (file.Length == 0)
            throw new ProblemRefusedException(StatusCodes.Status415UnsupportedMediaType, $"文件“{name}”是空的");

        Directory.CreateDirectory(StagingFolder);
        var tmp = Path.Combine(StagingFolder, Guid.NewGuid().ToString("N"));
        try
        {
            string sha;
            long size = 0;
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            await using (var input = file.OpenReadStream())
            await using (var output = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int n;
                while ((n = await input.ReadAsync(buffer, ct)) > 0)
                {
                    size += n;
                    // The declared length may lie; count what actually arrives.
                    if (size > MaxBytes)
                        throw new ProblemRefusedException(StatusCodes.Status413PayloadTooLarge,
                            $"文件“{name}”超过单个文件 {Megabytes(MaxBytes)} 的上限");
                    hash.AppendData(buffer, 0, n);
                    await output.WriteAsync(buffer.AsMemory(0, n), ct);
                }
                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
                // On the disk before its row can be committed: a power cut does not leave a row naming an empty file.
                output.Flush(flushToDisk: true);
            }
            if (!ContentIs(ext, tmp))
                throw new ProblemRefusedException(StatusCodes.Status415UnsupportedMediaType,
                    $"文件“{name}”的内容不是{type.Kind}（按文件内容识别，与扩展名不符），不予接收");
            return new StagedFile(name, type.ContentType, size, sha, tmp);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>
    /// Moves staged files into their content-addressed place, before their rows are saved; same content
    /// is kept once. A failure (a full disk, no inode left) throws before anything is saved; what was
    /// placed already stays (the sweep does not touch placed files, and the same content finds it in place).
    /// </summary>
    public void Place(IEnumerable<StagedFile> staged)
    {
        foreach (var s in staged)
        {
            var target = PathOf(s.StoredPath);
            var folder = Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(folder);
            if (File.Exists(target)) TryDelete(s.TempPath);
            else
            {
                File.Move(s.TempPath, target);
                FlushFolder(folder);
            }
        }
    }

    /// <summary>The rename itself reaches the disk (the folder's entry), not only the file's bytes.</summary>
    static void FlushFolder(string folder)
    {
        if (OperatingSystem.IsWindows()) return;
        // .NET opens no folder as a file: the folder's fsync through libc. A file system that refuses it keeps the file's own flush.
        var fd = Native.open(folder, 0);
        if (fd < 0) return;
        Native.fsync(fd);
        Native.close(fd);
    }

    static class Native
    {
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        internal static extern int open([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int flags);
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        internal static extern int fsync(int fd);
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        internal static extern int close(int fd);
    }

    /// <summary>
    /// Deletes staged files older than <paramref name="age"/> (left by a crash or a kill during an
    /// upload; a running upload's file is seconds old). Returns how many were deleted.
    /// </summary>
    public int SweepStaged(TimeSpan age, DateTime nowUtc)
    {
        if (!Directory.Exists(StagingFolder)) return 0;
        var swept = 0;
        foreach (var f in new DirectoryInfo(StagingFolder).EnumerateFiles())
            if (nowUtc - f.LastWriteTimeUtc > age)
            {
                TryDelete(f.FullName);
                swept++;
            }
        return swept;
    }

    /// <summary>Evidence rows whose file is not in its place (deleted or lost outside the app), at most <paramref name="max"/>.</summary>
    public async Task<(int Count, List<(int Id, int ProgressEntryId, string FileName, string StoredPath)> First)> MissingAsync(RectifyDb db, int max, CancellationToken ct)
    {
        var count = 0;
        var first = new List<(int, int, string, string)>();
        await foreach (var e in db.Evidence.AsNoTracking().OrderBy(e => e.Id)
                           .Select(e => new { e.Id, e.ProgressEntryId, e.FileName, e.StoredPath }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (File.Exists(PathOf(e.StoredPath))) continue;
            count++;
            if (first.Count < max) first.Add((e.Id, e.ProgressEntryId, e.FileName, e.StoredPath));
        }
        return (count, first);
    }

    public void Discard(IEnumerable<StagedFile> staged)
    {
        foreach (var s in staged) TryDelete(s.TempPath);
    }

    /// <summary>A photo's time and place from its original's EXIF (null: not a photo, no EXIF, or the file is missing).</summary>
    public Rectify.Core.Photos.PhotoMetadata? MetadataOf(Rectify.Core.Domain.Evidence e)
    {
        if (!e.ContentType.StartsWith("image/", StringComparison.Ordinal)) return null;
        try
        {
            using var file = File.OpenRead(PathOf(e.StoredPath));
            var head = new byte[Math.Min(file.Length, Rectify.Core.Photos.PhotoMetadata.HeadBytes)];
            file.ReadExactly(head);
            return Rectify.Core.Photos.PhotoMetadata.Read(head);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public string PathOf(string storedPath) => Path.Combine(Folder, storedPath.Replace('/', Path.DirectorySeparatorChar));

    static bool ContentIs(string ext, string path)
    {
        Span<byte> head = stackalloc byte[8];
        int read;
        using (var fs = File.OpenRead(path)) read = fs.Read(head);
        head = head[..read];
        switch (ext.ToLowerInvariant())
        {
            case ".pdf": return head.StartsWith("%PDF-"u8);
            case ".jpg" or ".jpeg": return head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);
            case ".png": return head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
            case ".doc" or ".xls": return head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
            case ".zip": return head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8);
            case ".docx": return head.StartsWith("PK\x03\x04"u8) && ZipHas(path, "word/document.xml");
            case ".xlsx": return head.StartsWith("PK\x03\x04"u8) && ZipHas(path, "xl/workbook.xml");
            case ".ofd": return head.StartsWith("PK\x03\x04"u8) && ZipHas(path, "OFD.xml");
            default: return false;
        }
    }

    static bool ZipHas(string path, string entry)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.Entries.Any(e => string.Equals(e.FullName, entry, StringComparison.OrdinalIgnoreCase));
        }
        catch (InvalidDataException) { return false; }
    }

    public static string Megabytes(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024.0 / 1024.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " MB"
        : bytes >= 1024 ? (bytes / 1024.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " KB"
        : bytes + " 字节";

    static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
