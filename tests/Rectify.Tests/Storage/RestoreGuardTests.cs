using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Import;
using Rectify.Tests.Import;
using Rectify.Tests.Web;

namespace Rectify.Tests.Storage;

/// <summary>
/// `rectify restore` reads an archive from outside like an upload: a crafted backup (a zip bomb, too
/// many entries, a path that climbs out of the data folder) is refused in Chinese before anything is
/// written, and the database and evidence stay as they were.
/// </summary>
public sealed class RestoreGuardTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    string _file = "";
    Rectify.Data.Storage Storage => _app.Services.GetRequiredService<Rectify.Data.Storage>();

    public async ValueTask InitializeAsync()
    {
        _file = _app.DataFolder + "-crafted.zip";
        var evidence = Path.Combine(Storage.EvidenceFolder, "ab", "abcdef");
        Directory.CreateDirectory(Path.GetDirectoryName(evidence)!);
        await File.WriteAllTextAsync(evidence, "会议纪要");
    }

    public async ValueTask DisposeAsync()
    {
        File.Delete(_file);
        await _app.DisposeAsync();
    }

    async Task<string> StateAsync()
    {
        await using var db = _app.CreateDb();
        var problems = await db.Problems.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Id + p.Title).ToListAsync(TestContext.Current.CancellationToken);
        var files = Directory.EnumerateFiles(Storage.EvidenceFolder, "*", SearchOption.AllDirectories).Order().Select(f => f + File.ReadAllText(f));
        return string.Join("\n", problems.Concat(files));
    }

    [Fact]
    public async Task A_backup_that_expands_past_the_limit_is_refused_and_nothing_changes()
    {
        var before = await StateAsync();
        // A "database" of 64 MB of spaces in about 64 KB, beside an evidence file that would be restored first.
        await File.WriteAllBytesAsync(_file, ZipBombs.Build(("manifest.txt", "rectify-backup 1\nprovider Sqlite", 0), ("evidence/ab/abcdef", "别的内容", 0),
            ("rectify.db", "", 64 * ZipBombs.Mebibyte)), TestContext.Current.CancellationToken);
        var limits = new ArchiveLimits(16 * ZipBombs.Mebibyte, 1000, int.MaxValue, 0);
        var e = await Assert.ThrowsAsync<ImportRefusedException>(() => Rectify.Data.Backup.RestoreAsync(Storage, _file, TestContext.Current.CancellationToken, limits));
        Assert.Equal("备份文件解压后超过 16 MB 上限，可能是压缩炸弹，已拒绝，未恢复任何内容", e.Message);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task A_backup_with_too_many_entries_is_refused_and_nothing_changes()
    {
        var before = await StateAsync();
        var entries = Enumerable.Range(0, 200).Select(i => ($"evidence/x/{i}", "x", 0L)).Prepend(("rectify.db", "", 0L)).Prepend(("manifest.txt", "rectify-backup 1", 0L)).ToArray();
        await File.WriteAllBytesAsync(_file, ZipBombs.Build(entries), TestContext.Current.CancellationToken);
        var e = await Assert.ThrowsAsync<ImportRefusedException>(() => Rectify.Data.Backup.RestoreAsync(Storage, _file, TestContext.Current.CancellationToken, new ArchiveLimits(ArchiveLimits.Megabyte, 100, int.MaxValue, 0)));
        Assert.Contains("压缩条目超过 100 个的上限", e.Message);
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [InlineData("evidence/../../escaped.txt")]
    [InlineData("evidence/ab/../../../escaped.txt")]
    [InlineData("../escaped.txt")]
    [InlineData("/tmp/escaped.txt")]
    public async Task A_backup_with_a_path_out_of_the_data_folder_is_refused_and_nothing_changes(string path)
    {
        // A real backup of this database, with the crafted entry added: only the path is wrong.
        await Rectify.Data.Backup.CreateAsync(Storage, _file, TestContext.Current.CancellationToken);
        using (var zip = ZipFile.Open(_file, ZipArchiveMode.Update))
        {
            await using var w = new StreamWriter(zip.CreateEntry(path).Open());
            await w.WriteAsync("escaped");
        }
        await using (var db = _app.CreateDb())
        {
            (await db.Problems.SingleAsync(p => p.Ordinal == 2, TestContext.Current.CancellationToken)).Title = "备份之后改过的标题";
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var before = await StateAsync();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Rectify.Data.Backup.RestoreAsync(Storage, _file, TestContext.Current.CancellationToken));
        Assert.Contains("备份中的路径不安全", e.Message);
        Assert.Contains("未恢复任何内容", e.Message);
        Assert.Equal(before, await StateAsync());
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_app.DataFolder)!, "escaped.txt")));
        Assert.False(File.Exists("/tmp/escaped.txt"));
    }

    [Fact]
    public async Task A_sound_backup_still_restores_under_the_default_limits()
    {
        await Rectify.Data.Backup.CreateAsync(Storage, _file, TestContext.Current.CancellationToken);
        var before = await StateAsync();
        File.Delete(Path.Combine(Storage.EvidenceFolder, "ab", "abcdef"));
        await Rectify.Data.Backup.RestoreAsync(Storage, _file, TestContext.Current.CancellationToken);
        Assert.Equal(before, await StateAsync());
    }
}
