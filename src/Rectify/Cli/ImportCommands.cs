using System.CommandLine;
using Rectify.Core.Import;
using Rectify.Core.Interchange;
using Rectify.Data;
using Rectify.Features.Import;
using Rectify.Features.Inspections;

namespace Rectify.Cli;

/// <summary>`rectify import` and `rectify check`: real notices in, a checked ledger out.</summary>
public static class ImportCommands
{
    static LedgerDocument Read(FileInfo file) => ReadWithText(file).Doc;

    static (LedgerDocument Doc, string Text) ReadWithText(FileInfo file)
    {
        if (!file.Exists) throw new ImportRefusedException($"文件不存在：{file.FullName}");
        // The one path of the importer (language check, OCR finding, audit amounts), as the import page takes.
        var read = NoticeImporter.Read(File.ReadAllBytes(file.FullName), file.Name);
        return (NoticeImporter.Parse(read), read.Text);
    }

    /// <summary>What makes `check` exit 1: an error, or a summary that the body contradicts (scripts gate on it).</summary>
    public static bool FailsCheck(LedgerDocument doc) =>
        doc.Findings.Any(f => f.Severity == Finding.Error || f.Code == "summary-mismatch");

    /// <summary>Every kind of file the importer reads (<see cref="NoticeImporter.Read"/>), named for both commands alike.</summary>
    const string FileKinds = "整改进展情况公告/通报：纯文本（UTF-8 或 GB18030）、Word 文档 .docx、保存的网页 .html、以表格列出问题的 .xlsx、PDF（有文字的直接读取，扫描件经 OCR 识别），或扫描图片 .png/.jpg（OCR 识别，需安装 tesseract-ocr、tesseract-ocr-chi-sim、poppler-utils）";

    public static IEnumerable<Command> Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = FileKinds };
        var json = new Option<bool>("--json") { Description = "输出交换格式 JSON" };
        var save = new Option<bool>("--save") { Description = "保存为一次巡察的台账；与已保存的公告重复（全文相同，或发布单位、日期和轮次相同），或该单位在这一轮已有台账时拒绝，退出码 2" };
        var allowDuplicate = new Option<bool>("--allow-duplicate") { Description = "与已保存的公告重复，或该单位在这一轮已有台账时，仍然保存（另建一份）" };
        var import = new Command("import", "导入公告：显示解析出的台账（方面、问题、状态、统计、发现的问题）") { file, json, save, allowDuplicate };
        import.SetAction((parse, ct) =>
        {
            var (doc, text) = ReadWithText(parse.GetValue(file)!);
            Console.WriteLine(parse.GetValue(json) ? LedgerJson.Write(doc) : LedgerTreePrinter.Print(doc));
            if (!parse.GetValue(save)) return Task.FromResult(0);
            if (NoticeParser.RefusalToSave(doc) is { } refusal) throw new ImportRefusedException(refusal);
            return Commands.WithAppAsync(parse, async sp =>
            {
                var db = sp.GetRequiredService<RectifyDb>();
                var hash = NoticeImporter.SourceHash(text);
                // One unit: a transient PostgreSQL error repeats the check and the save whole (RetriedUnit).
                var i = await RetriedUnit.RunAsync(db, async t =>
                {
                    if (!parse.GetValue(allowDuplicate) && (await NoticeDuplicates.FindAsync(db, doc, hash, t) ?? await NoticeDuplicates.FindLedgerAsync(db, doc, null, t)) is { } dup)
                        throw new ImportRefusedException(dup.Refusal(maySee: true, "--allow-duplicate", withId: true));
                    return await LedgerTransfer.LoadAsync(db, doc, sp.GetRequiredService<Rectify.Core.OfficeClock>(), ct: t, sourceHash: hash);
                }, ct);
                Console.Error.WriteLine($"已保存为巡察 {i.Id}");
                return 0;
            });
        });

        var checkFile = new Argument<FileInfo>("FILE") { Description = FileKinds };
        var check = new Command("check",
            "只列出公告中发现的问题（摘要与正文不一致、缺少摘要、截断、编号、日期…）。" +
            "退出码：0 没有错误；1 有错误级别的问题（如正文中找不到任何问题，no-problems），或摘要与正文不一致（summary-mismatch）；2 文件被拒绝（不是通报、无法读取）") { checkFile };
        check.SetAction(parse =>
        {
            var doc = Read(parse.GetValue(checkFile)!);
            if (doc.Findings.Count == 0) Console.WriteLine("未发现问题");
            foreach (var f in doc.Findings)
                Console.WriteLine(LedgerTreePrinter.ForScripts(f));
            return FailsCheck(doc) ? 1 : 0;
        });
        return [import, check];
    }
}
