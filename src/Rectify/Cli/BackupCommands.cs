using System.CommandLine;
using Microsoft.Data.Sqlite;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Cli;

/// <summary>`rectify backup FILE` while the app runs; `rectify restore FILE` and `rectify migrate` with it stopped.</summary>
public static class BackupCommands
{
    public static IEnumerable<Command> Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "备份文件（.zip）" };
        var backup = new Command("backup", "备份数据库与佐证材料（服务运行时也可进行，得到一致的副本）") { file };
        // A backup is the database as it is, never migrated first: the upgrade takes it before it migrates, so that
        // it is the state to roll back to (docs/upgrade.md). Hence migrate: false, and the schema is only read.
        backup.SetAction((parse, ct) => Commands.WithAppAsync(parse, async sp =>
        {
            var storage = sp.GetRequiredService<Storage>();
            var db = sp.GetRequiredService<RectifyDb>();
            // Checked before the first query: opening a missing SQLite file would create an empty one.
            if (storage.Provider == DatabaseProvider.Sqlite && !File.Exists(new SqliteConnectionStringBuilder(storage.ConnectionString).DataSource))
                throw new DomainException($"没有可备份的数据库：{storage.Describe()} 不存在。");
            var state = await SchemaState.ReadAsync(db, [], ct);
            if (state.Applied is null)
                throw new DomainException($"没有可备份的 Rectify 数据库：{storage.Describe()} 不存在或没有迁移记录。");
            if (state.IsNewer)
                Console.Error.WriteLine($"数据库结构（{state.Applied}）新于本程序（{state.Latest}）：照原样备份；恢复和使用它须用不低于该数据库的版本。");
            else if (!state.IsMigrated)
                Console.Error.WriteLine($"数据库结构（{state.Applied}）早于本程序（{state.Latest}）：照原样备份，未迁移。");
            // Read before the copy is taken, so the copy holds every entry the head names (and maybe more,
            // which `audit verify --head` accepts).
            var head = Core.Audit.AuditHead.Of(await AuditLog.ReadHeadsAsync(db, ct));
            var (files, bytes) = await Data.Backup.CreateAsync(storage, parse.GetValue(file)!.FullName, ct);
            Console.WriteLine($"已备份到 {parse.GetValue(file)!.FullName}：数据库 + {files} 个佐证文件，共 {bytes / 1024.0:0.#} KB");
            Console.WriteLine($"审计日志链头（请另处记下，恢复后用 audit verify --head 核对）：{head}");
            return 0;
        }, seed: false, migrate: false));

        var restoreFile = new Argument<FileInfo>("FILE") { Description = "备份文件（.zip）" };
        var restore = new Command("restore", "从备份恢复数据库与佐证材料（须先停止服务）") { restoreFile };
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
