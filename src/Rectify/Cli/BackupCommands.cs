using System.CommandLine;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Cli;

/// <summary>`rectify backup FILE` while the app runs; `rectify restore FILE` and `rectify migrate` with it stopped.</summary>
public static class BackupCommands
{
    public static IEnumerable<Command> Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "备份文件(.zip)" };
        var backup = new Command("backup", "备份数据库与佐证材料(服务运行时也可进行,得到一致的副本)") { file };
        backup.SetAction((parse, ct) => Commands.WithAppAsync(parse, async sp =>
        {
            var storage = sp.GetRequiredService<Storage>();
            // Read before the copy is taken, so the copy holds every entry the head names (and maybe more,
            // which `audit verify --head` accepts).
            var head = Core.Audit.AuditHead.Of(await AuditLog.ReadHeadsAsync(sp.GetRequiredService<RectifyDb>(), ct));
            var (files, bytes) = await Data.Backup.CreateAsync(storage, parse.GetValue(file)!.FullName, ct);
            Console.WriteLine($"已备份到 {parse.GetValue(file)!.FullName}:数据库 + {files} 个佐证文件,共 {bytes / 1024.0:0.#} KB");
            Console.WriteLine($"审计日志链头(请另处记下,恢复后用 audit verify --head 核对):{head}");
            return 0;
        }, seed: false));

        var restoreFile = new Argument<FileInfo>("FILE") { Description = "备份文件(.zip)" };
        var restore = new Command("restore", "从备份恢复数据库与佐证材料(须先停止服务)") { restoreFile };
        restore.SetAction((parse, ct) => Commands.WithAppAsync(parse, async sp =>
        {
            var storage = sp.GetRequiredService<Storage>();
            using var held = storage.Provider == DatabaseProvider.Sqlite ? DataFolderLock.Acquire(storage.DataFolder) : null;
            await Data.Backup.RestoreAsync(storage, parse.GetValue(restoreFile)!.FullName, ct);
            Console.WriteLine($"已从 {parse.GetValue(restoreFile)!.FullName} 恢复");
            return 0;
        }, seed: false, migrate: false));
        return [backup, restore];
    }
}
