// Sets , : ; ( ) ! ? beside Chinese full-width in src/ (C# string literals, Razor page text).
//   dotnet run --project tools/FullWidth            rewrite in place, list what changed
//   dotnet run --project tools/FullWidth -- --check list only; exit 1 if anything would change
// Safe to re-run (after merges): a second run changes nothing. Review the diff by eye.
using Rectify.FullWidth;

var check = args.Contains("--check");
var root = FullWidthSweep.FindRoot(Directory.GetCurrentDirectory())
    ?? FullWidthSweep.FindRoot(AppContext.BaseDirectory)
    ?? throw new DirectoryNotFoundException("Rectify.slnx not found above the current folder");
var allow = FullWidthSweep.LoadAllowList(root);
int files = 0, lines = 0, marks = 0;
foreach (var file in FullWidthSweep.Files(root))
{
    var bytes = File.ReadAllBytes(file);
    var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
    var text = File.ReadAllText(file);
    var rel = Path.GetRelativePath(root, file).Replace('\\', '/');
    var result = FullWidthSweep.Rewrite(rel, text, allow);
    foreach (var w in result.Warnings) Console.Error.WriteLine($"{rel}: {w}");
    if (result.Changes.Count == 0) continue;
    files++;
    marks += result.Changes.Count;
    foreach (var line in result.Changes.GroupBy(c => c.Line))
    {
        lines++;
        Console.WriteLine($"{rel}:{line.Key}: {line.First().LineText.Trim()}");
    }
    if (!check) File.WriteAllText(file, result.Text, new System.Text.UTF8Encoding(bom));
}
foreach (var e in allow.Unused) Console.Error.WriteLine($"tools/FullWidth/allow.txt:{e.LineNumber}: allows nothing now ({e.Path}: {e.Text})");
Console.WriteLine($"{(check ? "to change" : "changed")}: {marks} marks on {lines} lines in {files} files; allow-list: {allow.Entries.Count} entries");
return check && marks > 0 ? 1 : 0;
