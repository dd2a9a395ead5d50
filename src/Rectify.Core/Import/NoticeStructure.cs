using System.Text.RegularExpressions;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;

namespace Rectify.Core.Import;

/// <summary>
/// The body of a notice as a tree. Heading levels come from the notice itself: marker kinds are
/// ranked by first appearance (below the top kind, in the section richest in labels); the problem level
/// is the one whose headings most often own status or measures labels (else the one below "…方面"
/// headings, else the one whose titles read as problems); the category level sits right above it,
/// anything higher is framing, and the level below holds items (具体表现). Measures numbered under a
/// measures label stay measures, whatever their marker.
/// </summary>
public sealed partial class NoticeStructure
{
    public List<CategoryItem> Categories { get; } = [];
    /// <summary>Lines outside categories and problems: the intro, framing sections, the closing.</summary>
    public List<NoticeLine> Narrative { get; } = [];
    /// <summary>Lines inside a category that belong to no problem.</summary>
    public List<string> Unplaced { get; } = [];
    public List<Finding> Findings { get; } = [];
    /// <summary>The problems whose measures the notice lists item by item (<see cref="ProblemBuilder.ListsItemByItem"/>).</summary>
    public HashSet<ProblemItem> MeasuresListed { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>How the problems' headings frame their words, one a problem in order (<see cref="ProblemBuilder.HeadingForm"/>; null where none is told).</summary>
    public List<string?> HeadingForms { get; } = [];

    /// <param name="wrappers">Headings that only name the problems part ("二、反馈问题整改落实情况"): neither a category nor narrative.</param>
    /// <param name="partHeadings">Headings that start a part of the notice: <see cref="NoticeParts"/> checks their numbering, across all parts.</param>
    public static NoticeStructure Build(IReadOnlyList<NoticeLine> lines, IReadOnlySet<int>? wrappers = null, IReadOnlySet<int>? partHeadings = null) =>
        new Builder(lines, wrappers ?? new HashSet<int>(), partHeadings ?? new HashSet<int>()).Run();

    private sealed partial class Builder(IReadOnlyList<NoticeLine> lines, IReadOnlySet<int> wrappers, IReadOnlySet<int> partHeadings)
    {
        private readonly NoticeStructure result = new();
        private readonly Dictionary<MarkerKind, int> levelOf = [];
        private int problemLevel = -1, categoryLevel = -1;
        private bool usesLabels;

        private CategoryBuilder? category;
        private ProblemBuilder? problem;
        private bool closed;
        // Under a heading above the category level and before the next category: a framing section.
        private bool inFraming;
        private readonly List<CategoryBuilder> categories = [];
        private readonly Dictionary<int, (int Last, int ParentSeq)> numbering = [];
        private readonly Dictionary<int, int> seqAt = [];
        private int headingSeq;

        public NoticeStructure Run()
        {
            RankMarkers();
            ChooseLevels();
            foreach (var line in lines) Walk(line);
            Finish();
            return result;
        }

        // Marker kinds in order of first appearance: the first seen is level 0. Below it, the order is taken
        // from the top-level section with the most labels, so bullets in a framing section ("一、…" holding
        // "1.…") do not decide the levels of the problem section.
        private void RankMarkers()
        {
            var headings = lines.Where(l => l.Kind == LineKind.Heading).ToList();
            if (headings.Count == 0) return;
            var top = headings[0].Marker;
            var sections = new List<(int Labels, List<MarkerKind> Order)>();
            foreach (var l in lines)
            {
                if (l.Kind == LineKind.Heading && l.Marker == top) sections.Add((0, []));
                if (sections.Count == 0) continue;
                var (labels, order) = sections[^1];
                if (IsLabel(l)) sections[^1] = (labels + 1, order);
                if (l.Kind == LineKind.Heading && l.Marker != top && !order.Contains(l.Marker)) order.Add(l.Marker);
            }
            levelOf[top] = 0;
            var richest = sections.OrderByDescending(x => x.Labels).First().Order;
            foreach (var kind in richest.Concat(headings.Select(h => h.Marker)))
                levelOf.TryAdd(kind, levelOf.Count);
        }

        private static bool IsLabel(NoticeLine l) =>
            l.Kind is LineKind.StatusLabel or LineKind.MeasuresLabel || (l.Kind == LineKind.Heading && InlineLabelRegex().IsMatch(l.RestKey));

        private int Level(NoticeLine l) => levelOf[l.Marker];

        private void ChooseLevels()
        {
            if (levelOf.Count == 0) return;
            // A heading's span runs to the next heading at its level or above; evidence is a span holding a label.
            var evidence = new int[levelOf.Count];
            var categoryLike = new int[levelOf.Count];
            var problemLike = new int[levelOf.Count];
            var total = new int[levelOf.Count];
            for (var i = 0; i < lines.Count; i++)
            {
                var l = lines[i];
                if (l.Kind is LineKind.StatusLabel or LineKind.MeasuresLabel) usesLabels = true;
                if (l.Kind != LineKind.Heading) continue;
                var lv = Level(l);
                total[lv]++;
                if (IsCategoryTitle(l.RestKey)) categoryLike[lv]++;
                if (IsProblemTitle(l.RestKey)) problemLike[lv]++;
                if (InlineLabelRegex().IsMatch(l.RestKey)) { evidence[lv]++; usesLabels = true; continue; }
                for (var j = i + 1; j < lines.Count && !(lines[j].Kind == LineKind.Heading && Level(lines[j]) <= lv) && lines[j].Kind != LineKind.Closing; j++)
                    if (lines[j].Kind is LineKind.StatusLabel or LineKind.MeasuresLabel) { evidence[lv]++; break; }
            }
            // Problems are the level with the most labelled spans (aspects "…方面" are not problems); on a tie,
            // more titles that read as problems win, then fewer that read as aspects, then the level whose
            // spans are labelled most often (items below problems share the count but not the ratio),
            // then the higher level.
            var levels = Enumerable.Range(0, evidence.Length).ToList();
            bool Mostly(int[] like, int lv) => like[lv] * 2 > total[lv];
            problemLevel = levels.Where(lv => evidence[lv] > 0)
                .OrderBy(lv => Mostly(categoryLike, lv))
                .ThenByDescending(lv => evidence[lv])
                .ThenByDescending(lv => problemLike[lv])
                .ThenBy(lv => categoryLike[lv])
                .ThenByDescending(lv => (double)evidence[lv] / total[lv])
                .ThenBy(lv => lv)
                .DefaultIfEmpty(-1).First();
            if (problemLevel >= 0) { categoryLevel = problemLevel - 1; return; }

            // No labels anywhere: the level below the aspects, else the level whose titles read as problems,
            // else the second level of two or more.
            var aspects = levels.FirstOrDefault(lv => Mostly(categoryLike, lv) && lv + 1 < total.Length, -1);
            problemLevel = aspects >= 0 ? aspects + 1
                : levels.FirstOrDefault(lv => Mostly(problemLike, lv), total.Length >= 2 ? 1 : 0);
            categoryLevel = problemLevel - 1;
        }

        private void Walk(NoticeLine line)
        {
            if (closed || line.Kind == LineKind.Closing)
            {
                if (!closed) CloseProblem();
                closed = true;
                category = null;
                result.Narrative.Add(line);
                return;
            }
            if (line.Kind == LineKind.Heading && !(problem is { InMeasures: true } && Level(line) > problemLevel))
            {
                Heading(line);
                return;
            }
            if (problem is not null) { problem.Add(line, usesLabels); return; }
            if (category is not null) { category.Lines.Add(line); return; }
            result.Narrative.Add(line);
        }

        private void Heading(NoticeLine line)
        {
            var lv = Level(line);
            CheckNumbering(line, lv);
            if (wrappers.Contains(line.Index))
            {
                CloseProblem();
                category = null;
                inFraming = false;
            }
            else if (lv < categoryLevel)
            {
                CloseProblem();
                category = null;
                inFraming = true;
                result.Narrative.Add(line);
            }
            else if (lv == categoryLevel)
            {
                CloseProblem();
                category = new CategoryBuilder(line);
                categories.Add(category);
            }
            else if (lv == problemLevel)
            {
                CloseProblem();
                if (category is null && inFraming)
                {
                    // After a framing heading a numbered list is narrative, not problems.
                    result.Narrative.Add(line);
                    return;
                }
                if (category is null) { category = new CategoryBuilder(null); categories.Add(category); }
                problem = new ProblemBuilder(line);
                category.Problems.Add(problem);
                var (_, rest) = SplitTitle(line.Rest);
                if (rest.Length > 0) problem.Add(LineClassifier.Classify(line.Index, rest), usesLabels);
            }
            else if (problem is not null && lv == problemLevel + 1 && !problem.InMeasures)
                problem.Items.Add(line.Rest);
            else if (problem is not null) problem.Add(line, usesLabels);
            else if (category is not null) category.Lines.Add(line);
            else result.Narrative.Add(line);
        }

        private void CloseProblem() => problem = null;

        // Each level is numbered 1, 2, 3…; under a new parent it may restart at 1 or continue.
        private void CheckNumbering(NoticeLine line, int lv)
        {
            headingSeq++;
            var parentSeq = seqAt.Where(s => s.Key < lv).Select(s => s.Value).DefaultIfEmpty(0).Max();
            seqAt[lv] = headingSeq;
            if (lv > problemLevel + 1 || partHeadings.Contains(line.Index)) return;
            if (numbering.TryGetValue(lv, out var seen))
            {
                var newParent = seen.ParentSeq != parentSeq;
                if (line.Ordinal != seen.Last + 1 && !(newParent && line.Ordinal == 1))
                {
                    var repeat = line.Ordinal <= seen.Last && !newParent;
                    result.Findings.Add(new Finding(repeat ? "numbering-repeat" : "numbering-gap", Finding.Warning,
                        $"编号{(repeat ? "重复或倒退" : "不连续")}：“{ChineseText.Quote(line.Text)}”的序号是{line.Ordinal}，前一个是{seen.Last}"));
                }
            }
            else if (line.Ordinal != 1)
                result.Findings.Add(new Finding("numbering-gap", Finding.Warning, $"编号不从1开始：“{ChineseText.Quote(line.Text)}”"));
            numbering[lv] = (line.Ordinal, parentSeq);
        }

        private void Finish()
        {
            // Trailing "problems" in a labelled notice with no label and no problem wording are closing sections.
            if (usesLabels)
                foreach (var c in categories)
                    foreach (var p in c.Problems.Where(p => !p.HasLabels && !IsProblemTitle(p.Heading.RestKey) && IsAfterLastLabelled(p)).ToList())
                    {
                        c.Problems.Remove(p);
                        result.Narrative.AddRange(p.Lines);
                    }

            // A section whose title is no aspect and whose items are neither labelled nor worded as problems
            // ("三、下一步工作" with its "1.…2.…") is narrative, when other sections do hold problems.
            bool Solid(CategoryBuilder c) => c.Heading is null || IsCategoryTitle(c.Heading.RestKey)
                || c.Problems.Any(p => p.HasLabels || IsProblemTitle(p.Heading.RestKey));
            if (categories.Any(c => c.Problems.Count > 0 && Solid(c)))
                foreach (var c in categories.Where(c => c.Problems.Count > 0 && !Solid(c)))
                {
                    result.Narrative.AddRange(c.Problems.SelectMany(p => p.Lines));
                    c.Problems.Clear();
                }

            // Built once, before they are kept or handed back: building reads the status out of the measures.
            var built = new Dictionary<ProblemBuilder, (ProblemItem Item, List<Finding> Findings)>(ReferenceEqualityComparer.Instance);
            foreach (var p in categories.SelectMany(c => c.Problems))
            {
                var findings = new List<Finding>();
                built[p] = (p.Build(0, findings), findings);
            }

            // With nothing solid, a section under a heading of no known role ("二、我们的做法") keeps as problems only the
            // items that carry a label, state a status as one ("目前已完成整改") or read as a problem ("…的问题", "…不到位");
            // its work items ("(一)提高站位,压实责任") are handed back, kept as notes with an unplaced finding, never an invented problem.
            bool ReadsAsProblem(NoticeLine h) => IsProblemTitle(h.RestKey) || NoticeParts.ReadsAsShortcoming(ChineseText.TrimEnd(SplitTitle(h.RestKey).Title));
            bool StatesProblem(ProblemBuilder p) => p.HasLabels || p.StatesStatus || ReadsAsProblem(p.Heading);
            if (!categories.Any(c => c.Problems.Count > 0 && Solid(c)))
                foreach (var c in categories.Where(c => c.Problems.Count > 0 && !(c.Heading is { } h && ReadsAsProblem(h))))
                    foreach (var p in c.Problems.Where(p => !StatesProblem(p)).ToList())
                    {
                        c.Problems.Remove(p);
                        result.Narrative.AddRange(p.Lines);
                    }

            var written = categories.SelectMany(c => c.Problems).Select(p => p.Heading.Ordinal).ToList();
            var increasing = written.Zip(written.Skip(1)).All(x => x.Second > x.First);
            var n = 0;
            foreach (var c in categories)
            {
                if (c.Problems.Count == 0)
                {
                    if (c.Heading is not null) result.Narrative.Add(c.Heading);
                    result.Narrative.AddRange(c.Lines);
                    continue;
                }
                var item = new CategoryItem { Ordinal = result.Categories.Count + 1, Title = c.Title };
                if (c.InlineRest.Length > 0) result.Unplaced.Add(c.InlineRest);
                foreach (var l in c.Lines) result.Unplaced.Add(l.Text);
                foreach (var p in c.Problems)
                {
                    n++;
                    var (problemItem, findings) = built[p];
                    problemItem.Ordinal = increasing ? p.Heading.Ordinal : n;
                    result.Findings.AddRange(findings);
                    if (p.MeasuresListed) result.MeasuresListed.Add(problemItem);
                    result.HeadingForms.Add(p.HeadingForm);
                    item.Problems.Add(problemItem);
                }
                result.Categories.Add(item);
            }
            if (!increasing && written.Count > 0 && !result.Findings.Any(f => f.Code == "numbering-repeat"))
                result.Findings.Add(new Finding("numbering-restart", Finding.Info, $"问题在各方面内分别编号，已按全文顺序重新编号为1–{n}"));
            result.Narrative.Sort((a, b) => a.Index.CompareTo(b.Index));
        }

        private bool IsAfterLastLabelled(ProblemBuilder p)
        {
            var last = categories.SelectMany(c => c.Problems).LastOrDefault(x => x.HasLabels);
            return last is null || p.Heading.Index > last.Heading.Index;
        }

        [GeneratedRegex(@"(?:整改状态|整改过程|整改情况|整改措施|整改落实情况|完成情况)\s*:")]
        private static partial Regex InlineLabelRegex();
    }

    /// <summary>"…方面", "在…方面", "关于“…”" (with no 问题 after it), "反馈问题:…".</summary>
    public static bool IsCategoryTitle(string key)
    {
        var t = ChineseText.TrimEnd(key);
        return AspectEndRegex().IsMatch(t) || t.StartsWith("反馈问题") || CategoryQuoteRegex().IsMatch(t);
    }

    /// <summary>"关于…的问题", "对“…”的整改进展情况", "…问题的整改".</summary>
    public static bool IsProblemTitle(string key)
    {
        var t = ChineseText.TrimEnd(SplitTitle(key).Title);
        return !IsCategoryTitle(t) && ProblemTitleRegex().IsMatch(t);
    }

    /// <summary>A heading's title ends at the first "。" outside quotes; the rest is text run on after it.</summary>
    public static (string Title, string After) SplitTitle(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '“' or '「' or '‘') depth++;
            else if (c is '”' or '」' or '’') depth = Math.Max(0, depth - 1);
            else if (c == '。' && depth == 0) return (text[..i], text[(i + 1)..].Trim());
        }
        return (text, "");
    }

    [GeneratedRegex(@"方面(?:的|存在的)?(?:问题)?$")]
    private static partial Regex AspectEndRegex();

    [GeneratedRegex(@"^关于[“""][^”""]+[”""]$")]
    private static partial Regex CategoryQuoteRegex();

    [GeneratedRegex(@"问题$|问题的整改|^对[“""].+[”""]的整改|^关于.+问题")]
    private static partial Regex ProblemTitleRegex();
}
