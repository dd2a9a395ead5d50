using System.CommandLine;
using Rectify.Cli;
using Rectify.Core.Domain;
using Rectify.Data;

namespace Rectify.Features.Notices;

/// <summary>`rectify notice --inspection ID [--as-of DATE] --format docx|txt|md|html -o FILE`.</summary>
public static class NoticeCommand
{
    public static Command Create()
    {
        var id = new Option<int>("--inspection") { Description = "巡察编号", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "截至日期，如 2023-09-08（默认今天；按台账在该日的状态）" };
        var format = new Option<string>("--format") { Description = "格式：docx、txt、md、html", Required = true };
        format.AcceptOnlyFromAmong("docx", "txt", "md", "html");
        var output = new Option<FileInfo>("-o", "--output") { Description = "输出文件", Required = true };
        var cmd = new Command("notice", "由台账生成整改进展情况公告（Word 按 GB/T 9704，或纯文本、Markdown、网页）；使用最近一份公告草稿的自拟段落") { id, asOf, format, output };
        cmd.SetAction((parse, ct) =>
        {
            // A bad date is refused before the database is opened.
            DateOnly? date = parse.GetValue(asOf) is { } text ? NoticeSource.ParseDate(text) : null;
            return Commands.WithAppAsync(parse, async sp =>
            {
                var db = sp.GetRequiredService<RectifyDb>();
                var inspection = parse.GetValue(id);
                var draft = await NoticePublication.CurrentAsync(db, inspection, ct);
                var (_, composed) = await NoticePublication.ComposeAsync(db, inspection, draft, date ?? sp.GetRequiredService<Rectify.Core.OfficeClock>().Today, ct);
                // Written only once the notice is composed: a refusal leaves no file behind.
                var document = await Documents.DocumentFrames.NoticeAsync(db, inspection, draft, composed, ct);
                var (bytes, _) = NoticesApi.Write(document, parse.GetValue(format)!);
                var file = parse.GetValue(output)!;
                await File.WriteAllBytesAsync(file.FullName, bytes, ct);
                Console.WriteLine($"已生成公告：{file.FullName}（{composed.Counts.Problems} 个问题，截至{composed.Date:yyyy-MM-dd}）");
                return 0;
            });
        });
        return cmd;
    }
}
