using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>The sample notices in TestData, parsed once.</summary>
internal static class Samples
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static string Text(string name) => File.ReadAllText(Path(name));

    private static readonly Lazy<LedgerDocument> ChengbeiDoc = new(() => NoticeImporter.Import(File.ReadAllBytes(Path("chengbei-2023-09-08.txt")), "chengbei-2023-09-08.txt"));
    private static readonly Lazy<LedgerDocument> WuchengDoc = new(() => NoticeImporter.Import(File.ReadAllBytes(Path("02_wucheng-culture-tourism-bureau-2023.txt"))));
    private static readonly Lazy<LedgerDocument> JiangxiaDoc = new(() => NoticeImporter.Import(File.ReadAllBytes(Path("17_jiangxia-state-assets-group-2026.txt"))));

    public static LedgerDocument Chengbei => ChengbeiDoc.Value;
    public static LedgerDocument Wucheng => WuchengDoc.Value;
    public static LedgerDocument Jiangxia => JiangxiaDoc.Value;
}
