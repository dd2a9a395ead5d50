using System.Net;
using System.Text;

namespace Rectify.Core.Notices;

/// <summary>A self-contained HTML page (no external assets); every text is HTML-encoded.</summary>
public static class NoticeHtmlWriter
{
    const string Style = """
        body{margin:0;background:#f4f4f4;color:#000}
        main{max-width:42em;margin:2em auto;padding:3em 3.5em;background:#fff;font:16pt/1.8 "仿宋_GB2312","FangSong","STFangsong","Noto Serif CJK SC",serif}
        h1{font:22pt/1.5 "方正小标宋简体","FZXiaoBiaoSong-B05S","STSong","Noto Serif CJK SC",serif;text-align:center;margin:0 0 1.5em}
        h2{font:16pt/1.8 "黑体","SimHei","Noto Sans CJK SC",sans-serif;margin:0;text-indent:2em}
        h3{font:16pt/1.8 "楷体_GB2312","KaiTi","STKaiti","AR PL UKai CN",serif;margin:0;text-indent:2em}
        h4{font:inherit;margin:0;text-indent:2em}
        p{margin:0;text-indent:2em;text-align:justify}
        .signature{text-align:right;text-indent:0;margin-top:1.8em;padding-right:2em}
        .date{text-align:right;text-indent:0;padding-right:2em}
        @media print{body{background:#fff}main{margin:0;padding:0}}
        """;

    /// <summary>UTF-8 without a byte order mark.</summary>
    public static void Write(ComposedNotice notice, Stream output) => output.Write(new UTF8Encoding(false).GetBytes(Write(notice)));

    public static string Write(ComposedNotice notice)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(E(notice.Title)).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n<main>\n");
        foreach (var b in notice.Blocks)
        {
            var (open, close) = b.Level switch
            {
                NoticeBlockLevel.Title => ("<h1>", "</h1>"),
                NoticeBlockLevel.Heading1 => ("<h2>", "</h2>"),
                NoticeBlockLevel.Heading2 => ("<h3>", "</h3>"),
                NoticeBlockLevel.ProblemHeading => ("<h4>", "</h4>"),
                NoticeBlockLevel.Signature => ("<p class=\"signature\">", "</p>"),
                NoticeBlockLevel.Date => ("<p class=\"date\">", "</p>"),
                _ => ("<p>", "</p>"),
            };
            sb.Append(open).Append(E(b.Text)).Append(close).Append('\n');
        }
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    static string E(string s) => WebUtility.HtmlEncode(s);
}
