using Rectify.Core.Interchange;
using Rectify.Core.Notices;

namespace Rectify.Tests.Notices;

/// <summary>The demo ledger (the Chengbei notice of 2023-09-08) as notice input.</summary>
static class DemoNotice
{
    public static LedgerDocument Ledger() =>
        LedgerJson.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Demo", "chengbei-2023-09-08.json")));

    public static NoticeInput Input() => NoticeInput.FromLedger(Ledger(), shortName: "镇党委");

    public static ComposedNotice Composed() => NoticeComposer.Compose(Input());
}
