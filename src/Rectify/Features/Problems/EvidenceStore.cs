using System.IO.Compression;
using System.Security.Cryptography;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Problems;

/// <summary>
/// 佐证材料 on disk: outside the web root under data/evidence/&lt;sha256 prefix&gt;/&lt;sha256&gt;,
/// accepted only when the content is what the name says (the name alone proves nothing).
/// </summary>
public sealed class EvidenceStore(Storage storage, UploadLimits limits)
{
    /// <summary>Rectify:Uploads:MaxFileMB (<see cref="UploadLimits"/>); the request as a whole is held to MaxRequestMB.</summary>
    public long MaxBytes => limits.MaxFileBytes;

    public string Folder => storage.EvidenceFolder;

    static readonly Dictionary<string, (string Kind, string ContentType)> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("PDF", "application/pdf"),
        [".jpg"] = ("JPEG 图片", "image/jpeg"),
        [".jpeg"] = ("JPEG 图片", "image/jpeg"),
        [".png"] = ("PNG 图片", "image/png"),
        [".docx"] = ("Word 文档(docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        [".xlsx"] = ("Excel 工作簿(xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        [".doc"] = ("Word 97-2003 文档(doc)", "application/msword"),
        [".xls"] = ("Excel 97-2003 工作簿(xls)", "application/vnd.ms-excel"),
        [".ofd"] = ("OFD 版式文件", "application/ofd"),
        [".zip"] = ("ZIP 压缩包", "application/zip"),
    };

    public static string AllowedList => "pdf、jpg/jpeg、png、docx、xlsx、doc、xls、ofd、zip";

    /// <summary>A checked upload waiting in the temp folder until the database write succeeds.</summary>
    public sealed record StagedFile(string FileName, string ContentType, long Size, string Sha256, string TempPath)
    {
        public string StoredPath => Sha256[..2] + "/" + Sha256;
    }

    /// <summary>Checks name, size and content of every file before any is kept; refuses the lot on the first bad one.</summary>
    public async Task<List<StagedFile>> StageAsync(IReadOnlyList<IFormFile> files, CancellationToken ct)
    {
        var staged = new List<StagedFile>();
        try
        {
            foreach (var f in files)
                staged.Add(await StageOneAsync(f, ct));
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
        if (!Types.TryGetValue(ext, out var type))
            throw new ProblemRefusedException(StatusCodes.Status415UnsupportedMediaType,
                $"不接受“{name}”:只接受 {AllowedList} 格式的佐证材料");
        if (file.Length > MaxBytes)
            throw new ProblemRefusedException(StatusCodes.Status413PayloadTooLarge,
                $"文件“{name}”有 {Megabytes(file.Length)},超过单个文件 {Megabytes(MaxBytes)} 的上限");
        if (file.Length == 0)
            throw new ProblemRefusedException(StatusCodes.Status415UnsupportedMediaType, $"文件“{name}”是空的");

        var tmpDir = Path.Combine(Folder, "tmp");
        Directory.CreateDirectory(tmpDir);
        var tmp = Path.Combine(tmpDir, Guid.NewGuid().ToString("N"));
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
            }
            if (!ContentIs(ext, tmp))
                throw new ProblemRefusedException(StatusCodes.Status415UnsupportedMediaType,
                    $"文件“{name}”的内容不是{type.Kind}(按文件内容识别,与扩展名不符),不予接收");
            return new StagedFile(name, type.ContentType, size, sha, tmp);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>Moves staged files into place once their rows are saved. Same content is kept once.</summary>
    public void Commit(IEnumerable<StagedFile> staged)
    {
        foreach (var s in staged)
        {
            var target = PathOf(s.StoredPath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (File.Exists(target)) TryDelete(s.TempPath);
            else File.Move(s.TempPath, target);
        }
    }

    public void Discard(IEnumerable<StagedFile> staged)
    {
        foreach (var s in staged) TryDelete(s.TempPath);
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
