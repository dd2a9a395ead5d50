using System.Text;

namespace Rectify.Core.Notices;

/// <summary>
/// Plain text in the shape of the published notices (samples/chengbei-2023-09-08.txt): the title,
/// then one paragraph a line, in the full-width marks of the notice itself (the importer reads either width).
/// </summary>
public static class NoticeTextWriter
{
    public static string Write(ComposedNotice notice)
    {
        var sb = new StringBuilder();
        foreach (var b in notice.Blocks) sb.Append(b.Text).Append('\n');
        return sb.ToString();
    }

    public static void Write(ComposedNotice notice, Stream output)
    {
        var bytes = new UTF8Encoding(false).GetBytes(Write(notice));
        output.Write(bytes);
    }
}
