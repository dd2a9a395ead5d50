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
        Append(document.DocumentElement, sb, new Dictionary<IElement, int>());
        return Lines(sb.ToString());
    }

    static string Lines(string text)
    {
        var lines = text.Replace('\u00A0', ' ').Split('\n').Select(l => CollapseSpaces(l).Trim()).Where(l => l.Length > 0);
        return string.Join("\n", lines);
    }

    /// <param name="lists">The last number given in each &lt;ol&gt; so far.</param>
    static void Append(INode root, StringBuilder sb, Dictionary<IElement, int> lists)
    {
        // Depth-first without recursion: a page nested thousands deep must not overflow the stack.
        var stack = new Stack<(INode Node, bool Leaving)>();
        stack.Push((root, false));
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
            if (name == "table" && ProblemLines(element, lists) is { } problems)
            {
                sb.Append('\n').AppendJoin('\n', problems).Append('\n');
                continue;
            }
            if (Blocks.Contains(name)) sb.Append('\n');
            if (name == "li") sb.Append(ListMarker(element, lists));
            stack.Push((element, true));
            for (var child = element.LastChild; child is not null; child = child.PreviousSibling) stack.Push((child, false));
        }
    }

    /// <summary>
    /// The number a browser shows before an &lt;li&gt; of an &lt;ol&gt; (start, value, counting on), written as a
    /// notice types it, so a list numbered by the page gives the same ledger as typed numbers: "1." at the
    /// first depth, "(1)" at the second, "①" below; "一、" and "(一)" when the list's style counts in Chinese.
    /// Nothing when the item types its own number, or is a bullet.
    /// </summary>
    static string ListMarker(IElement li, Dictionary<IElement, int> lists)
    {
        if (li.ParentElement is not { LocalName: "ol" } ol) return "";
        var n = int.TryParse(li.GetAttribute("value"), out var value) ? value
            : lists.TryGetValue(ol, out var last) ? last + 1
            : int.TryParse(ol.GetAttribute("start"), out var start) ? start : 1;
        lists[ol] = n;
        if (LineClassifier.Classify(0, Opening(li)).Kind == LineKind.Heading) return "";
        var depth = 0;
        string? style = null;
        // list-style-type is inherited: the nearest element that sets it decides.
        for (var a = li; a is not null; a = a.ParentElement)
        {
            if (a.LocalName == "ol") depth++;
            if (style is null && a.GetAttribute("style") is { } s && s.Contains("list-style", StringComparison.OrdinalIgnoreCase)) style = s;
        }
        var chinese = style is not null && (style.Contains("cjk", StringComparison.OrdinalIgnoreCase)
            || style.Contains("chinese", StringComparison.OrdinalIgnoreCase) || style.Contains("ideographic", StringComparison.OrdinalIgnoreCase));
        if (n < 1) return "";
        return (chinese, depth) switch
        {
            (true, <= 1) => ChineseText.Numeral(n) + "、",
            (true, _) => $"({ChineseText.Numeral(n)})",
            (false, <= 1) => $"{n}.",
            (false, 2) => $"({n})",
            _ => n <= 20 ? ((char)('①' + n - 1)).ToString() : $"({n})",
        };
    }

    /// <summary>The first characters of an element's text: enough to see a typed number, without copying a whole nested list.</summary>
    static string Opening(IElement element)
    {
        var sb = new StringBuilder();
        for (var node = element.FirstChild; node is not null && sb.ToString().Trim().Length < 12;)
        {
            if (node is IText t) sb.Append(t.Data);
            // Depth first, in document order, staying inside the element.
            if (node.FirstChild is not null) { node = node.FirstChild; continue; }
            while (node is not null && node != element && node.NextSibling is null) node = node.Parent;
            node = node is null || node == element ? null : node.NextSibling;
        }
        return sb.ToString().Trim();
    }

    /// <summary>A table of problems as notice lines (<see cref="ProblemTable"/>); null for any other table, which stays text.</summary>
    static List<string>? ProblemLines(IElement table, Dictionary<IElement, int> lists)
    {
        if (table.QuerySelector("table") is not null) return null;
        // Lists in the cells count only if the table is taken; else the walk counts them as text.
        var probe = new Dictionary<IElement, int>(lists);
        var rows = new List<IReadOnlyList<GridCell>>();
        // Places still covered by a rowspan from above: column → (cell, rows left).
        var pending = new Dictionary<int, (GridCell Cell, int Left)>();
        foreach (var tr in table.QuerySelectorAll("tr").Where(tr => tr.Closest("table") == table))
        {
            var r = rows.Count;
            var row = new List<GridCell>();
            void Covered()
            {
                while (pending.TryGetValue(row.Count, out var p))
                {
                    row.Add(p.Cell);
                    if (p.Left <= 1) pending.Remove(row.Count - 1); else pending[row.Count - 1] = (p.Cell, p.Left - 1);
                }
            }
            foreach (var td in tr.Children.Where(c => c.LocalName is "td" or "th"))
            {
                Covered();
                var sb = new StringBuilder();
                foreach (var child in td.ChildNodes) Append(child, sb, probe);
                var cell = new GridCell(Lines(sb.ToString()), r, row.Count);
                var colspan = Math.Clamp(int.TryParse(td.GetAttribute("colspan"), out var c) ? c : 1, 1, 64);
                var rowspan = Math.Clamp(int.TryParse(td.GetAttribute("rowspan"), out var s) ? s : 1, 1, 1000);
                for (var k = 0; k < colspan; k++)
                {
                    if (rowspan > 1) pending[row.Count] = (cell, rowspan - 1);
                    row.Add(cell);
                }
            }
            Covered();
            rows.Add(row);
        }
        if (ProblemTable.Lines(rows) is not { } lines) return null;
        foreach (var (list, n) in probe) lists[list] = n;
        return lines;
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
