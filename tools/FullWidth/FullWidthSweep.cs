using System.Text;
using System.Text.RegularExpressions;

namespace Rectify.FullWidth;

/// <summary>
/// Chinese text sets , : ; ( ) ! ? full-width (，：；（）！？). This finds the half-width ones beside a Chinese
/// character in the text a user reads — the string literals of C# sources and the text of Razor pages — and
/// rewrites them. Used twice, so both say the same: by tools/FullWidth (the sweep, re-run after merges) and by
/// the test that holds src/ to the rule (tests/Rectify.Tests/Typography/FullWidthSourceTests.cs).
/// Left alone: comments, interpolation holes and their format specifiers, regular expressions, format items
/// ("{0}", "{Host}"), marks between Latin letters or digits (10:30, 1,000, Rectify:Smtp:Host), and the
/// places the allow-list (tools/FullWidth/allow.txt) names.
/// Idempotent: a second run over its own output changes nothing.
/// </summary>
public static partial class FullWidthSweep
{
    public const string Marks = ",:;()!?";

    public static char FullWidth(char c) => c switch
    {
        ',' => '，', ':' => '：', ';' => '；', '(' => '（', ')' => '）', '!' => '！', '?' => '？', _ => c,
    };

    /// <summary>A CJK ideograph: the character that makes the mark beside it Chinese punctuation.</summary>
    public static bool IsHan(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';

    /// <summary>Chinese text around a mark: an ideograph, Chinese punctuation (。，、“”（）…) or a full-width form.</summary>
    public static bool IsChinese(char c) => IsHan(c) || c is >= '\u3000' and <= '\u303f' or >= '\uff00' and <= '\uffef' or '“' or '”' or '‘' or '’' or '…' or '—';

    /// <summary>One place the sweep changes (or, where the allow-list names it, leaves): 1-based line.</summary>
    public sealed record Change(int Line, int Index, string LineText);

    public sealed record Result(string Text, IReadOnlyList<Change> Changes, IReadOnlyList<string> Warnings);

    /// <summary>Rewrites one file's text (a .cs or .cshtml file, told by its path).</summary>
    public static Result Rewrite(string path, string text, AllowList? allow = null)
    {
        var runs = path.EndsWith(".cshtml", StringComparison.OrdinalIgnoreCase) ? RazorRuns(text) : CSharpRuns(text);
        var marked = new SortedDictionary<int, char>();
        var drop = new HashSet<int>();
        var warnings = new List<string>();
        var lines = new LineMap(text);
        foreach (var run in runs) Decide(text, run, marked, drop, warnings, lines);

        var changes = new List<Change>();
        foreach (var index in marked.Keys.ToList())
        {
            var (line, lineText) = lines.At(index);
            if (allow is not null && allow.Allows(path, lineText, index - lines.Start(line)))
            {
                marked.Remove(index);
                continue;
            }
            changes.Add(new Change(line, index, lineText));
        }
        // Spaces after a full-width mark go only with the mark they followed.
        drop.RemoveWhere(d => !marked.ContainsKey(DropOwner(text, d)));
        if (marked.Count == 0) return new Result(text, changes, warnings);
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (drop.Contains(i)) continue;
            sb.Append(marked.TryGetValue(i, out var to) ? to : text[i]);
        }
        return new Result(sb.ToString(), changes, warnings);
    }

    static int DropOwner(string text, int space)
    {
        var i = space - 1;
        while (i >= 0 && text[i] == ' ') i--;
        return i;
    }

    /// <summary>
    /// A run: file positions of text a reader sees, in order; -1 stands for what is not text (a hole, an
    /// escape, code) and keeps the characters either side from being neighbours.
    /// </summary>
    static void Decide(string s, List<int> run, SortedDictionary<int, char> marked, HashSet<int> drop, List<string> warnings, LineMap lines)
    {
        // A text without a Chinese word is a set of characters or a syntax ("，,。;、"), never a sentence.
        if (!run.Any(k => k >= 0 && IsHan(s[k]))) return;
        var mine = new HashSet<int>();
        // What the sweep sets full-width counts as Chinese for the mark beside it: "（…）：" — so, to a fixed point.
        char At(int k) => k >= 0 && k < run.Count && run[k] >= 0 ? mine.Contains(k) ? FullWidth(s[run[k]]) : s[run[k]] : '\0';
        for (var before = -1; before != mine.Count;)
        {
            before = mine.Count;
            for (var k = 0; k < run.Count; k++)
                if (run[k] >= 0 && Marks.Contains(s[run[k]]) && (IsChinese(At(k - 1)) || IsChinese(At(k + 1))))
                    mine.Add(k);

            // Brackets go in pairs: "（PDF）", not "（PDF)"; a bracket round Chinese words is Chinese: "{n}（{k} 个问题）".
            var open = new Stack<int>();
            foreach (var k in Enumerable.Range(0, run.Count).Where(k => run[k] >= 0))
            {
                var c = s[run[k]];
                if (c is '(' or '（') open.Push(k);
                else if (c is ')' or '）' && open.Count > 0)
                {
                    var o = open.Pop();
                    if (!(mine.Contains(o) || mine.Contains(k) || s[run[o]] == '（' || c == '）' || HanBetween(s, run, o, k))) continue;
                    if (s[run[o]] == '(') mine.Add(o);
                    if (c == ')') mine.Add(k);
                }
            }
        }
        if (mine.Count == 0) return;
        foreach (var k in mine)
        {
            marked[run[k]] = FullWidth(s[run[k]]);
            if (s[run[k]] is '(' or ')') continue;
            for (var j = k + 1; At(j) == ' '; j++) drop.Add(run[j]);
        }
        foreach (var k in mine.Where(k => s[run[k]] == '(' && !IsClosed(s, run, k)))
            warnings.Add($"line {lines.At(run[k]).Line}: “（” closed outside its text (another literal or code): check the pair by eye");
    }

    static bool HanBetween(string s, List<int> run, int from, int to)
    {
        for (var j = from + 1; j < to; j++) if (run[j] >= 0 && IsHan(s[run[j]])) return true;
        return false;
    }

    static bool IsClosed(string s, List<int> run, int k)
    {
        var depth = 0;
        for (var j = k; j < run.Count; j++)
        {
            if (run[j] < 0) continue;
            if (s[run[j]] is '(' or '（') depth++;
            else if (s[run[j]] is ')' or '）' && --depth == 0) return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- C#

    /// <summary>The text of every string literal that is not a pattern.</summary>
    public static List<List<int>> CSharpRuns(string s)
    {
        var lexer = new CSharpLexer(s);
        lexer.Code(hole: false);
        return lexer.Runs;
    }

    sealed class CSharpLexer(string s)
    {
        int i;
        public readonly List<List<int>> Runs = [];
        // The names before the open brackets the lexer is inside ("GeneratedRegex", "Regex", "Replace"…), and
        // how many arguments of each it has passed.
        readonly List<string> calls = [];
        readonly List<int> commas = [];

        char Peek(int ahead = 0) => i + ahead < s.Length ? s[i + ahead] : '\0';

        /// <summary>Code up to the end, or (in a hole) up to its closing brace, which the caller takes.</summary>
        public void Code(bool hole)
        {
            var depth = calls.Count;
            var braces = 0;
            while (i < s.Length)
            {
                var c = s[i];
                if (hole && c == '}' && braces == 0) return;
                if (hole && c is ':' or ',' && braces == 0 && calls.Count == depth && Peek(1) != ':')
                {
                    // Alignment and format specifier ("{d:yyyy-MM-dd}"): never text.
                    while (i < s.Length && s[i] != '}') i++;
                    return;
                }
                if (c == '/' && Peek(1) == '/') { while (i < s.Length && s[i] != '\n') i++; continue; }
                if (c == '/' && Peek(1) == '*') { var e = s.IndexOf("*/", i + 2, StringComparison.Ordinal); i = e < 0 ? s.Length : e + 2; continue; }
                if (c == '#' && LineStart()) { while (i < s.Length && s[i] != '\n') i++; continue; }
                if (c == '\'') { CharLiteral(); continue; }
                if (StringStart(out var dollars, out var verbatim, out var quotes)) { Literal(dollars, verbatim, quotes); continue; }
                if (c is '(' or '[') { calls.Add(c == '[' ? "[" : NameBefore()); commas.Add(0); i++; continue; }
                if (c is ')' or ']') { if (calls.Count > depth) { calls.RemoveAt(calls.Count - 1); commas.RemoveAt(commas.Count - 1); } i++; continue; }
                if (c == ',' && calls.Count > depth) commas[^1]++;
                if (c == '{') braces++;
                if (c == '}') braces--;
                i++;
            }
        }

        bool LineStart()
        {
            for (var j = i - 1; j >= 0 && s[j] != '\n'; j--) if (!char.IsWhiteSpace(s[j])) return false;
            return true;
        }

        string NameBefore()
        {
            var j = i - 1;
            while (j >= 0 && s[j] is ' ' or '\t' or '\r' or '\n') j--;
            var end = j + 1;
            while (j >= 0 && (char.IsLetterOrDigit(s[j]) || s[j] is '_' or '.')) j--;
            return s[(j + 1)..end];
        }

        void CharLiteral()
        {
            i++;
            if (Peek() == '\\') i++;
            i++;
            while (i < s.Length && s[i] != '\'' && s[i] != '\n') i++;
            i++;
        }

        bool StringStart(out int dollars, out bool verbatim, out int quotes)
        {
            dollars = 0; verbatim = false; quotes = 0;
            if (i > 0 && (char.IsLetterOrDigit(s[i - 1]) || s[i - 1] == '_') && s[i] != '"') return false;
            var j = i;
            while (j < s.Length && (s[j] == '$' || s[j] == '@'))
            {
                if (s[j] == '$') dollars++; else verbatim = true;
                j++;
            }
            if (j >= s.Length || s[j] != '"') return false;
            while (j + quotes < s.Length && s[j + quotes] == '"') quotes++;
            // "" is an empty literal, """ opens a raw one.
            if (quotes == 2) quotes = 1;
            i = j;
            return true;
        }

        // Their first argument is a pattern (the rest, an ErrorMessage say, is text); every argument of Regex.Replace(…) may be.
        static readonly string[] PatternCalls = ["GeneratedRegex", "Regex", "Compiled", "RegularExpression"];

        bool InPattern() => calls.Select((c, k) => PatternCalls.Contains(c) && commas[k] == 0 || c.StartsWith("Regex.", StringComparison.Ordinal)).Any(p => p);

        void Literal(int dollars, bool verbatim, int quotes)
        {
            var run = new List<int>();
            var pattern = InPattern();
            var raw = quotes >= 3;
            i += quotes;
            while (i < s.Length)
            {
                var c = s[i];
                if (raw)
                {
                    var n = 0;
                    while (i + n < s.Length && s[i + n] == '"') n++;
                    if (n >= quotes) { i += n; break; }
                }
                else if (c == '"')
                {
                    if (verbatim && Peek(1) == '"') { run.Add(-1); i += 2; continue; }
                    i++;
                    break;
                }
                else if (c == '\n' && !verbatim) break;
                else if (c == '\\' && !verbatim)
                {
                    run.Add(-1);
                    i += 2;
                    if (s[i - 1] is 'u' or 'U' or 'x') while (i < s.Length && Uri.IsHexDigit(s[i])) i++;
                    continue;
                }
                if (c == '{' && dollars > 0)
                {
                    var n = 0;
                    while (i + n < s.Length && s[i + n] == '{') n++;
                    if (!raw && n >= 2 && dollars == 1) { run.Add(-1); i += 2; continue; }
                    if (n >= dollars)
                    {
                        for (var t = 0; t < n - dollars; t++) run.Add(i + t);
                        run.Add(-1);
                        i += n;
                        Code(hole: true);
                        var close = 0;
                        while (i < s.Length && s[i] == '}' && close < dollars) { i++; close++; }
                        continue;
                    }
                }
                if (c == '}' && dollars == 1 && !raw && Peek(1) == '}') { run.Add(-1); i += 2; continue; }
                if (c == '{' && dollars == 0 && FormatItem() is > 0 and var length) { run.Add(-1); i += length; continue; }
                run.Add(i);
                i++;
            }
            if (!pattern && !LooksLikePattern(s, run, verbatim || raw)) Runs.Add(run);
        }

        /// <summary>"{0}", "{0,-8:N1}", "{Host}": a format item or a logging template's hole.</summary>
        int FormatItem()
        {
            var m = FormatItemRegex().Match(s, i);
            return m.Success && m.Index == i ? m.Length : 0;
        }
    }

    /// <summary>A regular expression not told by its call: a group, a class, an escape, anchors.</summary>
    static bool LooksLikePattern(string s, List<int> run, bool verbatim)
    {
        var text = new string(run.Select(k => k < 0 ? '\u0001' : s[k]).ToArray());
        if (text.Contains("(?") || text.Contains("[^") || text.Contains('|')) return true;
        if (text.StartsWith('^') || text.EndsWith('$') && !text.EndsWith("{0:$}", StringComparison.Ordinal)) return true;
        if (verbatim && (PatternEscapeRegex().IsMatch(text) || text.Contains('|') || text.StartsWith('^') || text.EndsWith('$'))) return true;
        return false;
    }

    [GeneratedRegex(@"\G\{[A-Za-z0-9_@.]+(,-?\d+)?(:[^{}""\n]*)?\}")]
    private static partial Regex FormatItemRegex();

    [GeneratedRegex(@"\\[dswbDSWBpP]|\{\d+(,\d*)?\}")]
    private static partial Regex PatternEscapeRegex();

    // ---------------------------------------------------------------- Razor

    /// <summary>
    /// A page is text with code in it. Its text (markup and the literals of the code in it) is one run per
    /// line; not text: Razor and HTML comments, &lt;script&gt; and &lt;style&gt;, C# line comments, and the
    /// brackets of code (@(…), @Model.Count(…), @if (…)), which stay half-width whatever sits beside them.
    /// </summary>
    public static List<List<int>> RazorRuns(string s)
    {
        var skip = new bool[s.Length];
        void Skip(int from, int to) { for (var k = from; k < Math.Min(to, s.Length); k++) skip[k] = true; }
        foreach (Match m in RazorSkipRegex().Matches(s)) Skip(m.Index, m.Index + m.Length);

        var runs = new List<List<int>>();
        var start = 0;
        while (start < s.Length)
        {
            var end = s.IndexOf('\n', start);
            if (end < 0) end = s.Length;
            var run = new List<int>();
            var open = new Stack<(int Pos, bool Code)>();
            for (var k = start; k < end; k++)
            {
                if (skip[k]) { run.Add(-1); continue; }
                var c = s[k];
                if (c == '(')
                {
                    var code = IsCodeBracket(s, k);
                    open.Push((run.Count, code));
                    run.Add(code ? -1 : k);
                }
                else if (c == ')')
                {
                    // A tuple or a call's last argument in code: ("open", "待办结").
                    var code = open.Count > 0 && open.Peek().Code || s[k - 1] == '"';
                    if (open.Count > 0 && open.Pop().Pos is var o && code) run[o] = -1;
                    run.Add(code ? -1 : k);
                }
                // "@:" switches to text, "@@" is an at sign, "?." and "??" are code.
                else if (c == ':' && k > 0 && s[k - 1] == '@') run.Add(-1);
                else run.Add(k);
            }
            runs.Add(run);
            start = end + 1;
        }
        return runs;
    }

    static bool IsCodeBracket(string s, int k)
    {
        if (k == 0) return false;
        var before = s[k - 1];
        if (before == '@' || char.IsAsciiLetterOrDigit(before) || before == '_') return true;
        if (k + 1 < s.Length && s[k + 1] == '"') return true;
        var line = s.LastIndexOf('\n', k) + 1;
        return CodeKeywordRegex().IsMatch(s[line..k]);
    }

    [GeneratedRegex(@"@\*[\s\S]*?\*@|<!--[\s\S]*?-->|<script\b[\s\S]*?</script>|<style\b[\s\S]*?</style>|(?m)^[ \t]*//.*$")]
    private static partial Regex RazorSkipRegex();

    [GeneratedRegex(@"(?:@|\b)(?:if|foreach|for|while|switch|using|catch|lock|else if)\s+$")]
    private static partial Regex CodeKeywordRegex();

    // ---------------------------------------------------------------- lines, allow-list

    sealed class LineMap
    {
        readonly string _s;
        readonly List<int> _starts = [0];
        public LineMap(string s)
        {
            _s = s;
            for (var i = 0; i < s.Length; i++) if (s[i] == '\n') _starts.Add(i + 1);
        }
        public int Start(int line) => _starts[line - 1];
        public (int Line, string Text) At(int index)
        {
            var n = _starts.BinarySearch(index);
            if (n < 0) n = ~n - 1;
            var end = n + 1 < _starts.Count ? _starts[n + 1] - 1 : _s.Length;
            return (n + 1, _s[_starts[n]..end].TrimEnd('\r'));
        }
    }

    /// <summary>
    /// Half-width marks beside Chinese that are right: a syntax the user types or a machine reads. One entry
    /// a line, "path&lt;TAB&gt;text&lt;TAB&gt;why": a mark is allowed where the line holds the text around it.
    /// </summary>
    public sealed class AllowList
    {
        public sealed record Entry(string Path, string Text, string Why, int LineNumber);
        public IReadOnlyList<Entry> Entries { get; }
        readonly HashSet<Entry> _used = [];

        public AllowList(IEnumerable<string> lines)
        {
            var entries = new List<Entry>();
            foreach (var (line, n) in lines.Select((l, i) => (l, i + 1)))
            {
                if (line.Length == 0 || line.StartsWith('#')) continue;
                var parts = line.Split('\t');
                if (parts.Length != 3 || parts.Any(p => p.Length == 0))
                    throw new FormatException($"allow.txt:{n}: expected path<TAB>text<TAB>why");
                entries.Add(new Entry(parts[0], parts[1], parts[2], n));
            }
            Entries = entries;
        }

        public bool Allows(string path, string lineText, int column)
        {
            var p = path.Replace('\\', '/');
            foreach (var e in Entries.Where(e => p.EndsWith(e.Path, StringComparison.Ordinal)))
                for (var at = lineText.IndexOf(e.Text, StringComparison.Ordinal); at >= 0; at = lineText.IndexOf(e.Text, at + 1, StringComparison.Ordinal))
                    if (column >= at && column < at + e.Text.Length)
                    {
                        _used.Add(e);
                        return true;
                    }
            return false;
        }

        /// <summary>Entries that allowed nothing: the text changed or went; the list should lose them.</summary>
        public IEnumerable<Entry> Unused => Entries.Where(e => !_used.Contains(e));
    }

    // ---------------------------------------------------------------- the tree

    /// <summary>The files the rule covers: C# and Razor under src/, not generated or third-party code.</summary>
    public static IEnumerable<string> Files(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !Regex.IsMatch(f.Replace('\\', '/'), "/(bin|obj|node_modules|wwwroot|Migrations|CompiledModels)/"))
            .Order(StringComparer.Ordinal);

    public static string? FindRoot(string from)
    {
        for (var d = new DirectoryInfo(from); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Rectify.slnx"))) return d.FullName;
        return null;
    }

    public static AllowList LoadAllowList(string root) =>
        new(File.ReadAllLines(Path.Combine(root, "tools", "FullWidth", "allow.txt")));
}
