using System.Diagnostics;
using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Npgsql;
using Rectify.Core.Import;

namespace Rectify.Data;

/// <summary>
/// A backup is one .zip: the database (a consistent SQLite copy taken with the online backup
/// API, or a pg_dump in custom format) and the evidence files, with a manifest.
/// </summary>
public static class Backup
{
    const string SqliteEntry = "rectify.db";
    const string PostgresEntry = "rectify.pgdump";
    const string EvidencePrefix = "evidence/";

    public static async Task<(int Files, long Bytes)> CreateAsync(Storage storage, string file, CancellationToken ct = default)
    {
        var work = Directory.CreateTempSubdirectory("rectify-backup-");
        try
        {
            string dbFile;
            if (storage.Provider == DatabaseProvider.Sqlite)
            {
                // The online backup API copies a consistent state even while the app writes.
                dbFile = Path.Combine(work.FullName, SqliteEntry);
                using var source = new SqliteConnection(storage.ConnectionString);
                using var target = new SqliteConnection($"Data Source={dbFile};Pooling=False");
                source.Open();
                target.Open();
                source.BackupDatabase(target);
            }
            else
            {
                dbFile = Path.Combine(work.FullName, PostgresEntry);
                await RunPgToolAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", dbFile], storage.ConnectionString, ct);
            }

            var temp = file + ".partial";
            int files = 0;
            using (var zip = ZipFile.Open(temp, ZipArchiveMode.Create))
            {
                zip.CreateEntryFromFile(dbFile, Path.GetFileName(dbFile), CompressionLevel.Optimal);
                if (Directory.Exists(storage.EvidenceFolder))
                    foreach (var f in Directory.EnumerateFiles(storage.EvidenceFolder, "*", SearchOption.AllDirectories))
                    {
                        var rel = Path.GetRelativePath(storage.EvidenceFolder, f).Replace('\\', '/');
                        // Uploads still being checked (or left by a crash) belong to no row: not evidence yet.
                        if (rel.StartsWith(Rectify.Features.Problems.EvidenceStore.StagingFolderName + "/", StringComparison.Ordinal)) continue;
                        zip.CreateEntryFromFile(f, EvidencePrefix + rel, CompressionLevel.NoCompression);
                        files++;
                    }
                var manifest = zip.CreateEntry("manifest.txt");
                await using var w = new StreamWriter(manifest.Open());
                await w.WriteLineAsync($"rectify-backup 1\nprovider {storage.Provider}\ncreated {DateTimeOffset.UtcNow:O}\nevidence-files {files}");
            }
            // Only a complete archive takes the name: a crash leaves no half backup behind.
            File.Move(temp, file, overwrite: true);
            return (files, new FileInfo(file).Length);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// What a backup may hold, checked before anything is written (as uploads are, Core/Import/ArchiveGuard):
    /// at most a million entries, and no more decompressed bytes than the disks of the data folder and of
    /// the temporary folder have free, so a crafted archive (a zip bomb) is refused instead of filling them.
    /// No ratio limit: a database's empty pages compress a thousand to one.
    /// </summary>
    public static ArchiveLimits RestoreLimits(Storage storage)
    {
        static long Free(string path)
        {
            Directory.CreateDirectory(path);
            return new DriveInfo(Path.GetFullPath(path)).AvailableFreeSpace;
        }
        return new(Math.Min(Free(storage.DataFolder), Free(Path.GetTempPath())), 1_000_000, int.MaxValue, 0);
    }

    /// <summary>Replaces the database and evidence with the backup's. The server must be stopped.</summary>
    /// <param name="limits">Default <see cref="RestoreLimits"/>; over one, or with an unsafe path, nothing is changed.</param>
    public static async Task RestoreAsync(Storage storage, string file, CancellationToken ct = default, ArchiveLimits? limits = null)
    {
        if (!File.Exists(file)) throw new IOException($"备份文件不存在：{file}");
        try
        {
            await using var whole = File.OpenRead(file);
            ArchiveGuard.Check(whole, "备份文件", limits ?? RestoreLimits(storage));
        }
        catch (ImportRefusedException e) { throw new ImportRefusedException(e.Message + "，未恢复任何内容"); }
        ZipArchive zip;
        try { zip = ZipFile.OpenRead(file); }
        catch (InvalidDataException) { throw new InvalidOperationException($"{file} 不是 Rectify 备份（不是 zip 文件）"); }
        using (zip)
        {
            var manifest = zip.GetEntry("manifest.txt") ?? throw new InvalidOperationException($"{file} 不是 Rectify 备份（缺少 manifest.txt）");
            var expected = storage.Provider == DatabaseProvider.Sqlite ? SqliteEntry : PostgresEntry;
            var dbEntry = zip.GetEntry(expected)
                ?? throw new InvalidOperationException($"备份与当前数据库类型不符：当前为 {storage.Provider}，备份中没有 {expected}");
            // Every path is checked before the first byte is written: a refusal changes nothing.
            foreach (var e in zip.Entries)
                if (!IsKnownEntry(e.FullName))
                    throw new InvalidOperationException($"备份中的路径不安全或不认识：{(e.FullName.Length > 80 ? e.FullName[..80] + "…" : e.FullName)}，未恢复任何内容");

            var work = Directory.CreateTempSubdirectory("rectify-restore-");
            try
            {
                var dbFile = Path.Combine(work.FullName, expected);
                dbEntry.ExtractToFile(dbFile);
                var evidence = Path.Combine(work.FullName, "evidence");
                Directory.CreateDirectory(evidence);
                foreach (var e in zip.Entries.Where(e => e.FullName.StartsWith(EvidencePrefix, StringComparison.Ordinal) && e.Name.Length > 0))
                {
                    var target = Path.GetFullPath(Path.Combine(evidence, e.FullName[EvidencePrefix.Length..]));
                    if (!target.StartsWith(evidence + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                        throw new InvalidOperationException($"备份中的路径不安全：{e.FullName}");
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    e.ExtractToFile(target);
                }

                if (storage.Provider == DatabaseProvider.Sqlite)
                {
                    // Restore through the backup API as well, so the live file is replaced atomically per page.
                    SqliteConnection.ClearAllPools();
                    using var source = new SqliteConnection($"Data Source={dbFile};Pooling=False");
                    using var target = new SqliteConnection(storage.ConnectionString.Replace("Foreign Keys=True", "") + ";Pooling=False");
                    source.Open();
                    target.Open();
                    source.BackupDatabase(target);
                }
                else
                {
                    await RunPgToolAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", dbFile], storage.ConnectionString, ct);
                }

                if (Directory.Exists(storage.EvidenceFolder)) Directory.Delete(storage.EvidenceFolder, recursive: true);
                Directory.CreateDirectory(Path.GetDirectoryName(storage.EvidenceFolder)!);
                Directory.Move(evidence, storage.EvidenceFolder);
            }
            finally
            {
                work.Delete(recursive: true);
            }
        }
    }

    /// <summary>The manifest, the database, or an evidence file under evidence/ with a plain relative path.</summary>
    static bool IsKnownEntry(string name)
    {
        if (name is "manifest.txt" or SqliteEntry or PostgresEntry) return true;
        if (!name.StartsWith(EvidencePrefix, StringComparison.Ordinal)) return false;
        var rest = name[EvidencePrefix.Length..];
        return !rest.Contains('\\') && !rest.Contains(':') && !rest.StartsWith('/')
            && rest.Split('/').All(part => part is not (".." or "."));
    }

    static async Task RunPgToolAsync(string tool, string[] args, string connectionString, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var psi = new ProcessStartInfo(FindPgTool(tool)) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("--host=" + (cs.Host ?? "localhost"));
        psi.ArgumentList.Add("--port=" + cs.Port);
        if (cs.Username is { } u) psi.ArgumentList.Add("--username=" + u);
        psi.ArgumentList.Add("--dbname=" + (cs.Database ?? "postgres"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (cs.Password is { } pw) psi.Environment["PGPASSWORD"] = pw;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"无法启动 {tool}");
        var err = p.StandardError.ReadToEndAsync(ct);
        await p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} 失败：{(await err).Trim()}");
    }

    /// <summary>The newest PostgreSQL client tools Debian installed, else the PATH.</summary>
    static string FindPgTool(string tool)
    {
        var dirs = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        return dirs.Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists).OrderByDescending(p => p, StringComparer.Ordinal).FirstOrDefault() ?? tool;
    }
}
