using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Rectify.Core.Import;

/// <summary>
/// The text of a page saved from a government site: scripts, styles, navigation, share buttons and
/// other furniture removed, block elements turned into lines. Metadata blocks (索引号, 发布机构…) are
/// left as lines; the parser reads them for issuer and date and keeps them out of the body.
/// </summary>
public static partial class HtmlText
{
    public static bool LooksLikeHtml(string text)
    {
        var head = text.Length > 4096 ? text[..4096] : text;
        return HtmlStartRegex().IsMatch(head);
    }

    public static string ToPlainText(string html)
    {
        var s = DropRegex().Replace(html, " ");
        s = RemoveFurniture(s);
        s = BlockRegex().Replace(s, "\n");
        s = CellEndRegex().Replace(s, " ");
        s = TagRegex().Replace(s, "");
        s = WebUtility.HtmlDecode(s).Replace('\u00A0', ' ');
        var lines = s.Split('\n').Select(l => SpacesRegex().Replace(l, " ").Trim()).Where(l => l.Length > 0);
        return string.Join("\n", lines);
    }

    // Elements whose class or id names page furniture, removed with everything nested in them.
    private static string RemoveFurniture(string html)
    {
        var sb = new StringBuilder(html.Length);
        var pos = 0;
        foreach (Match m in FurnitureOpenRegex().Matches(html))
        {
            if (m.Index < pos) continue;
            var tag = m.Groups["tag"].Value;
            var end = MatchingClose(html, tag, m.Index + m.Length);
            sb.Append(html, pos, m.Index - pos).Append('\n');
            pos = end;
        }
        sb.Append(html, pos, html.Length - pos);
        return sb.ToString();
    }

    private static int MatchingClose(string html, string tag, int from)
    {
        var depth = 1;
        var r = new Regex($@"<(/?){Regex.Escape(tag)}\b[^>]*>", RegexOptions.IgnoreCase);
        for (var m = r.Match(html, from); m.Success; m = m.NextMatch())
        {
            depth += m.Groups[1].Value == "/" ? -1 : 1;
            if (depth == 0) return m.Index + m.Length;
        }
        return html.Length;
    }

    [GeneratedRegex(@"^\s*(?:<!doctype\s+html|<html\b|<head\b|<meta\b)|<(?:body|div|p|table|span)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlStartRegex();

    [GeneratedRegex(@"<!--.*?-->|<(script|style|noscript|iframe|nav|footer|button|select|form|head|object|svg|template)\b.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex DropRegex();

    [GeneratedRegex(@"<(?<tag>div|ul|ol|span|p|section|aside|table|dl)\b[^>]*\b(?:class|id)\s*=\s*[""'][^""']*(?:share|bdshare|fenxiang|breadcrumb|crumb|position|location|nav|menu|footer|toolbar|print|sidebar|related|qrcode|ewm|copyright)[^""']*[""'][^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex FurnitureOpenRegex();

    [GeneratedRegex(@"<\s*(?:br|/?p|/?div|/?li|/?tr|/?h[1-6]|/?table|/?ul|/?ol|/?dd|/?dt|/?section|/?article|/?blockquote)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockRegex();

    [GeneratedRegex(@"</t[dh]\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex CellEndRegex();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex TagRegex();

    [GeneratedRegex(@"[ \t\u3000]+")]
    private static partial Regex SpacesRegex();
}
