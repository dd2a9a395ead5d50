using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Rectify.Core.Import;

/// <summary>
/// The text of a page saved from a government site: scripts, styles, navigation, share buttons and
/// other furniture removed, block elements turned into lines. Metadata blocks (索引号, 发布机构…) are
/// left as lines; the parser reads them for issuer and date and keeps them out of the body.
/// The page is read by an HTML parser (AngleSharp), as a browser would: unclosed and misnested
/// tags, entities and comments are what the browser makes of them.
/// </summary>
public static class HtmlText
{
    /// <summary>Whether a text file is a saved page: it starts as one, or has one of the usual elements near its start.</summary>
    public static bool LooksLikeHtml(string text)
    {
        var head = text.Length > 4096 ? text[..4096] : text;
        var start = head.TrimStart();
        if (new[] { "<!doctype html", "<html", "<head", "<meta" }.Any(t => StartsWithTag(start, 0, t))) return true;
        for (var i = head.IndexOf('<'); i >= 0; i = head.IndexOf('<', i + 1))
            if (new[] { "<body", "<div", "<p", "<table", "<span" }.Any(t => StartsWithTag(head, i, t))) return true;
        return false;
    }

    /// <summary>The tag name at <paramref name="at"/>, whole (not "&lt;pre" for "&lt;p").</summary>
    static bool StartsWithTag(string s, int at, string tag) =>
        string.Compare(s, at, tag, 0, tag.Length, StringComparison.OrdinalIgnoreCase) == 0
        && (at + tag.Length == s.Length || !char.IsAsciiLetterOrDigit(s[at + tag.Length]) && s[at + tag.Length] != '-' && s[at + tag.Length] != '_');

    // Never text of the notice.
    static readonly HashSet<string> Dropped = ["script", "style", "noscript", "iframe", "nav", "footer", "button", "select", "form", "head", "object", "svg", "template"];
    // Elements that are page furniture when their class or id says so: removed with everything nested in them.
    static readonly HashSet<string> MayBeFurniture = ["div", "ul", "ol", "span", "p", "section", "aside", "table", "dl"];
    static readonly string[] FurnitureWords = ["share", "bdshare", "fenxiang", "breadcrumb", "crumb", "position", "location", "nav", "menu", "footer", "toolbar", "print", "sidebar", "related", "qrcode", "ewm", "copyright"];
    // Each starts and ends a line.
    static readonly HashSet<string> Blocks = ["br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dd", "dt", "section", "article", "blockquote"];

    public static string ToPlainText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var sb = new StringBuilder(html.Length / 2);
        // Depth-first without recursion: a page nested thousands deep must not overflow the stack.
        var stack = new Stack<(INode Node, bool Leaving)>();
        stack.Push((document.DocumentElement, false));
        while (stack.Count > 0)
        {
            var (node, leaving) = stack.Pop();
            if (node is IText text) { sb.Append(text.Data); continue; }
            if (node is not IElement element) continue;
            var name = element.LocalName;
            if (leaving)
            {
                if (name is "td" or "th") sb.Append(' ');
                else if (Blocks.Contains(name)) sb.Append('\n');
                continue;
            }
            if (Dropped.Contains(name)) { sb.Append(' '); continue; }
            if (MayBeFurniture.Contains(name) && IsFurniture(element)) { sb.Append('\n'); continue; }
            if (Blocks.Contains(name)) sb.Append('\n');
            stack.Push((element, true));
            for (var child = element.LastChild; child is not null; child = child.PreviousSibling) stack.Push((child, false));
        }
        sb.Replace('\u00A0', ' ');
        var lines = sb.ToString().Split('\n').Select(l => CollapseSpaces(l).Trim()).Where(l => l.Length > 0);
        return string.Join("\n", lines);
    }

    static bool IsFurniture(IElement element) =>
        new[] { element.GetAttribute("class"), element.Id }.Any(v => v is not null
            && FurnitureWords.Any(w => v.Contains(w, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Runs of spaces, tabs and ideographic spaces (U+3000) as one space.</summary>
    static string CollapseSpaces(string line)
    {
        var sb = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            var space = c is ' ' or '\t' or '\u3000';
            if (!space) sb.Append(c);
            else if (sb.Length == 0 || sb[^1] != ' ') sb.Append(' ');
        }
        return sb.ToString();
    }
}
