namespace Rectify.Infrastructure;

/// <summary>
/// Holds an exclusive lock on the data folder while `serve` runs, so a second server on the
/// same SQLite file is refused instead of fighting over it.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    readonly FileStream _file;
    DataFolderLock(FileStream file) => _file = file;

    public static DataFolderLock Acquire(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "rectify.lock");
        try
        {
            var f = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            f.SetLength(0);
            using (var w = new StreamWriter(f, leaveOpen: true)) w.Write(Environment.ProcessId);
            return new DataFolderLock(f);
        }
        catch (IOException)
        {
            throw new InvalidOperationException($"数据目录 {folder} 正被另一个 Rectify 服务使用（锁文件 {path}）；请先停止它，或用 --data 指定其他目录。");
        }
    }

    public void Dispose() => _file.Dispose();
}
