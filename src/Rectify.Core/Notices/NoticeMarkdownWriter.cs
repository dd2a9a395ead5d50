using System.Text;
using System.Text.RegularExpressions;

namespace Rectify.Core.Notices;

/// <summary>Markdown: title #, 一、 ##, (一) ###, problems ####, paragraphs between blank lines.</summary>
public static partial class NoticeMarkdownWriter
{
    /// <summary>UTF-8 without a byte order mark.</summary>
    public static void Write(ComposedNotice notice, Stream output) => output.Write(new UTF8Encoding(false).GetBytes(Write(notice)));

    public static string Write(ComposedNotice notice)
    {
        var sb = new StringBuilder();
        foreach (var b in notice.Blocks)
        {
            var text = Escape(b.Text);
            var line = b.Level switch
            {
                NoticeBlockLevel.Title => "# " + text,
                NoticeBlockLevel.Heading1 => "## " + text,
                NoticeBlockLevel.Heading2 => "### " + text,
                NoticeBlockLevel.ProblemHeading => "#### " + text,
                // Markdown cannot right-align; signature and date keep their order at the end.
                _ => text,
            };
            sb.Append(line).Append("\n\n");
        }
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>Markup characters become literal; a leading "1." must not start a list.</summary>
    static string Escape(string s)
    {
        s = MarkupChars().Replace(s, @"\$0");
        return OrderedListStart().Replace(s, "$1\\.");
    }

    [GeneratedRegex(@"[\\`*_\[\]<>#|~]")]
    private static partial Regex MarkupChars();

    [GeneratedRegex(@"^(\d+)\.")]
    private static partial Regex OrderedListStart();
}
