using System.Globalization;
using System.Text.RegularExpressions;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;

namespace Rectify.Core.Import;

/// <summary>
/// Parses the text of a rectification progress notice into a <see cref="LedgerDocument"/>:
/// header (title, issuer, date, inspection), summary claim, the category → problem tree,
/// outcomes, contacts, and findings on everything a careful reader would flag.
/// </summary>
public static partial class NoticeParser
{
    /// <summary>
    /// A notice from which no problem can be read is an error: a ledger without problems is not saved
    /// (<see cref="RefusalToSave"/>), and `rectify check` exits 1 on it.
    /// </summary>
    public const string NoProblems = "正文中没有找到逐条列出的问题（问题的标题、整改状态或整改措施），不能保存为台账";

    /// <summary>Why a parsed notice may not be saved as a ledger, or null when it may: it must hold at least one problem.</summary>
    public static string? RefusalToSave(LedgerDocument doc) => doc.AllProblems.Any() ? null : NoProblems;

    public static LedgerDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = SplitLines(text);
        if (lines.Count == 0) throw new ImportRefusedException("文件内容为空，没有可导入的文字");
        DropSiteFooter(lines);

        var doc = new LedgerDocument();
        var findings = new List<Finding>();
        var header = ReadHeader(lines);
        var signature = ReadSignature(lines, header.BodyStart, findings);
        var body = lines.Skip(header.BodyStart).Take(signature.Start - header.BodyStart)
            .Where(l => l.Kind != LineKind.Noise && !IsMetadata(l.Key) && !(header.Title is { } t && IsTitleRepeat(l.Key, t)))
            .ToList();

        // Only the problems part (and what cannot be told) is searched for problems; the rest is narrative.
        var parts = NoticeParts.Split(body);
        static bool MayHoldProblems(NoticeParts.Part p) => p.Role is PartRole.Problems or PartRole.Unknown;
        var wrappers = parts.Where(p => p.Wrapper && p.Heading is not null).Select(p => p.Heading!.Index).ToHashSet();
        var partHeadings = parts.Select(p => p.Heading).OfType<NoticeLine>().Select(h => h.Index).ToHashSet();
        findings.AddRange(NoticeParts.CheckNumbering(parts));
        var structure = NoticeStructure.Build(parts.Where(MayHoldProblems).SelectMany(p => p.All).ToList(), wrappers, partHeadings);
        doc.Categories = structure.Categories;
        findings.AddRange(structure.Findings);
        var told = parts.Where(p => !MayHoldProblems(p)).ToList();
        if (told.Count > 0)
            doc.Narrative = Narrative(parts, told);
        KeepHeadingForm(doc, structure.HeadingForms);

        doc.Title = header.Title;
        // "来源:" names the site or the office that posted the page, not the issuer: never taken for it.
        doc.Issuer = signature.Issuer ?? IssuerFromTitle(header.Title) ?? header.Meta("发布机构", "发文机关");

        var narrative = told.SelectMany(p => p.All).Concat(structure.Narrative).OrderBy(l => l.Index)
            .Concat(lines.Skip(signature.End).Where(l => l.Kind != LineKind.Noise)).Select(l => l.Text).ToList();
        var intro = narrative.FirstOrDefault(p => IntroRegex().IsMatch(ChineseText.Key(p)));
        doc.Inspection = ReadInspection(intro, header.Title, findings);
        doc.SummaryClaim = SummaryReader.ReadClaim(narrative);
        var published = header.MetaDate("成文日期", "发布日期", "日期", "发布时间", "时间", "信息时间") ?? header.TitleDate;
        // A signature without its day still dates the notice to its month: the page's own date (when it was posted) is not taken for it.
        doc.Date = signature.Date ?? SignatureYear(signature, header.Title, published, doc.Inspection, doc.SummaryClaim, findings)
            ?? (signature.DayLost is null ? published : null);
        doc.DateMonth = signature.DayLost is { Month: { } month } m ? new YearMonth(m.Year, month) : null;
        doc.Outcomes = SummaryReader.ReadOutcomes(string.Join("\n", narrative));
        doc.Contacts = SummaryReader.ReadContacts(string.Join("\n", narrative));
        // What the tree builder could not place (in the problems part or a part of no known role) is a note, never a problem.
        var unplaced = structure.Unplaced.Concat(structure.Narrative.Select(l => l.Text)).ToList();
        if (unplaced.Count > 0)
        {
            doc.Notes = unplaced;
            foreach (var u in unplaced)
                findings.Add(new Finding("unplaced", Finding.Info, $"无法归入某个问题的段落，已保存在备注中：“{ChineseText.Quote(u)}”"));
        }

        RefuseUnrelated(lines, doc);
        if (!doc.AllProblems.Any())
            findings.Add(new Finding("no-problems", Finding.Error, NoProblems));
        doc.WithComputedCounts();
        findings.AddRange(Check(doc, structure.MeasuresListed));
        if (Truncation(signature, body) is { } cut) findings.Add(cut);
        else if (doc.SummaryClaim is { Problems: { } claimed } && claimed > doc.Counts.Problems)
            findings.Add(new Finding("truncated", Finding.Warning, $"摘要“{ChineseText.Quote(doc.SummaryClaim.Text, 60)}”称问题{claimed}个，正文只有{doc.Counts.Problems}个，通报可能不完整"));
        if (doc.SummaryClaim is null)
            findings.Add(new Finding("summary-missing", Finding.Info, "通报没有汇总问题数量和整改进展的句子（如“反馈问题14个，已完成整改11个”），无法与正文核对"));
        doc.Findings = findings;
        return doc;
    }

    /// <summary>
    /// The told parts in order, and where the problems go: the heading of a problems part that only
    /// names it ("二、坚持问题导向,推动巡察整改工作") as a part of role "problems" with no paragraphs,
    /// before the summary that leads it; a notice written back puts its problems there.
    /// </summary>
    private static List<NarrativePart> Narrative(List<NoticeParts.Part> parts, List<NoticeParts.Part> told)
    {
        var result = new List<NarrativePart>();
        foreach (var p in parts)
        {
            if (p.Role == PartRole.Problems && p.Wrapper && p.Heading is { } h && !result.Any(r => r.Role == "problems"))
            {
                // NoticeParts puts a wrapper's lead paragraphs (a summary) just before it; they follow its heading.
                var at = result.Count > 0 && result[^1].Role == "summary" && result[^1].Heading is null ? result.Count - 1 : result.Count;
                result.Insert(at, new NarrativePart { Role = "problems", Heading = h.Text });
            }
            else if (told.Contains(p))
                result.Add(new NarrativePart { Role = RoleCode(p.Role), Heading = p.Heading?.Text, Paragraphs = p.Lines.Select(l => l.Text).ToList() });
        }
        return result;
    }

    /// <summary>
    /// The form most of the notice's problem headings take, kept on its "problems" part (added, without a
    /// heading, for a notice whose problems part has none) when it is not Rectify's own.
    /// </summary>
    private static void KeepHeadingForm(LedgerDocument doc, List<string?> forms)
    {
        var form = forms.OfType<string>().GroupBy(f => f, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        if (form is null || form == NarrativePart.RectifyProblemHeading) return;
        doc.Narrative ??= [];
        var part = doc.Narrative.FirstOrDefault(p => p.Role == "problems");
        if (part is null) doc.Narrative.Add(part = new NarrativePart { Role = "problems" });
        part.ProblemHeading = form;
    }

    private static string RoleCode(PartRole role) => role switch
    {
        PartRole.Opening => "opening",
        PartRole.Summary => "summary",
        PartRole.Problems => "problems",
        PartRole.WorkDone => "work-done",
        PartRole.NextSteps => "next-steps",
        PartRole.Closing => "closing",
        _ => "unknown",
    };

    /// <summary>
    /// A web page's footer ends the text: from its first line that names the site's owner or registration
    /// (<see cref="LineClassifier.IsSiteFooter"/>), when only short lines without a sentence follow (地址, 邮编,
    /// 电话 of the site), every line is page furniture, not the notice's contacts. It follows the signature,
    /// so the search stops at a date line.
    /// </summary>
    private static void DropSiteFooter(List<NoticeLine> lines)
    {
        var from = lines.Count;
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            var l = lines[i];
            if (l.Key.Contains('。') || l.Key.Length > 80 || l.Kind == LineKind.Heading || IsDateLine(l)) break;
            if (LineClassifier.IsSiteFooter(l.Key)) from = i;
        }
        for (var i = from; i < lines.Count; i++)
            lines[i] = lines[i] with { Kind = LineKind.Noise };
    }

    private static List<NoticeLine> SplitLines(string text)
    {
        var result = new List<NoticeLine>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim().Trim('\u3000', '\u00A0', '\uFEFF', '\u200B');
            if (line.Length > 0) result.Add(LineClassifier.Classify(result.Count, line));
        }
        return result;
    }

    // ---- Header: metadata blocks, title (maybe twice, maybe over two lines), where the body starts.

    private sealed class Header
    {
        public Dictionary<string, string> Metadata { get; } = [];
        public string? Title { get; set; }
        /// <summary>A date the web page put on the title's line ("…的通报 2026-02-13").</summary>
        public DateOnly? TitleDate { get; set; }
        public int BodyStart { get; set; }

        public string? Meta(params string[] keys) =>
            keys.Select(k => Metadata.GetValueOrDefault(k)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

        public DateOnly? MetaDate(params string[] keys) =>
            keys.Select(k => Metadata.TryGetValue(k, out var v) ? NoticeDates.ExactDay(v) : null).FirstOrDefault(d => d is not null);
    }

    private static Header ReadHeader(List<NoticeLine> lines)
    {
        var h = new Header();
        var titleLines = new List<string>();
        var i = 0;
        for (; i < lines.Count; i++)
        {
            var l = lines[i];
            if (IsMetadata(l.Key))
            {
                var pairs = MetadataRegex().Matches(l.Key);
                foreach (Match m in pairs)
                {
                    var value = l.Text.Substring(m.Groups["v"].Index, m.Groups["v"].Length).Trim().Trim('【', '】', '[', ']', ' ');
                    // "• 发布机构:" with the value on the next line.
                    if (value.Length == 0 && pairs.Count == 1 && i + 1 < lines.Count && !MetadataRegex().IsMatch(lines[i + 1].Key) && lines[i + 1].Kind != LineKind.Heading)
                        value = lines[++i].Text.Trim();
                    h.Metadata.TryAdd(m.Groups["k"].Value, value);
                }
                continue;
            }
            if (l.Kind == LineKind.Noise) continue;
            if (l.Kind != LineKind.Paragraph || IsNarrative(l.Key)) break;
            titleLines.Add(l.Text.Trim().TrimStart('•', '·', '●', ' '));
        }
        h.BodyStart = i;
        h.Title = ChooseTitle(titleLines, h.Meta("文件名称", "标题"));
        if (h.Title is not null && TrailingDateRegex().Match(ChineseText.Key(h.Title)) is { Success: true } td)
        {
            h.TitleDate = NoticeDates.ExactDay(td.Value);
            h.Title = h.Title[..td.Index].Trim();
        }
        return h;
    }

    // A title may name the feedback ("…关于县委第四巡察组巡察反馈意见整改进展情况的通报"): a line with no sentence
    // punctuation that ends as a title does is the title, not the introduction that IntroRegex looks for.
    private static bool IsNarrative(string key) => key.Contains('。') || key.Length > 80 || (IntroRegex().IsMatch(key) && !ReadsAsTitle(key));

    private static bool ReadsAsTitle(string key) => !key.Contains(',') && TitleRegex().IsMatch(key) && TitleEndRegex().IsMatch(ChineseText.TrimEnd(key.Trim()));

    private static string? ChooseTitle(List<string> candidates, string? fromMetadata)
    {
        if (fromMetadata is not null) return fromMetadata;
        var distinct = candidates.Distinct().ToList();
        var titles = new List<string>();
        for (var i = 0; i < distinct.Count; i++)
        {
            var key = ChineseText.Key(distinct[i]);
            if (!TitleRegex().IsMatch(key) && !key.Contains("关于")) continue;
            // A title split over two lines: "…关于九届区委" / "第二轮巡察整改进展情况的公告".
            if (!TitleEndRegex().IsMatch(key) && i + 1 < distinct.Count && TitleEndRegex().IsMatch(ChineseText.Key(distinct[i + 1])))
            {
                titles.Add(distinct[i] + distinct[i + 1]);
                i++;
            }
            else titles.Add(distinct[i]);
        }
        // A line of the page may hold a title word too (a column "公告栏", a site's slogan): the title proper says
        // "关于…的通报" (or 公告, 情况…); failing that, the longest candidate.
        return titles.FirstOrDefault(t => ProperTitleRegex().IsMatch(ChineseText.Key(t)))
            ?? titles.OrderByDescending(t => t.Length).FirstOrDefault();
    }

    private static bool IsTitleRepeat(string key, string title)
    {
        var k = key.Trim().TrimStart('•', '·', '●', ' ');
        var t = ChineseText.Key(title);
        return k == t || (k.Length >= 6 && t.StartsWith(k, StringComparison.Ordinal) && !k.Contains('。'));
    }

    private static bool IsMetadata(string key) => key.Length < 80 && MetadataStartRegex().IsMatch(key);

    private static string? IssuerFromTitle(string? title)
    {
        if (title is null) return null;
        var at = ChineseText.Key(title).IndexOf("关于", StringComparison.Ordinal);
        return at >= 4 ? title[..at].Trim() : null;
    }

    // ---- Signature: the issuing organisation and the date on the last lines.

    /// <param name="Start">First line of the signature (the body ends here).</param>
    /// <param name="End">First line after the date: "(此件公开发布)", 附件, 抄送… which are no part of the body.</param>
    /// <param name="Found">A date line was found, even one whose lost 年/月/日 could not be put back (<paramref name="Date"/> is then null).</param>
    /// <param name="DayLost">A date line that gives a year and month but no day ("2025年9月"), kept as the notice's month.</param>
    /// <param name="YearLost">A date line that gives a month and day but no year ("9月8日"), its year taken from the notice's other dates.</param>
    private sealed record Signature(int Start, int End, string? Issuer, DateOnly? Date, bool Found,
        PartialDate? DayLost = null, (string Text, int Month, int Day)? YearLost = null);

    /// <summary>
    /// The signature is an organisation's line followed by a date line, the last such pair of the text, however
    /// many lines (附件, 抄送, a page's footer) follow it; a date line alone signs only at the very end. A date whose
    /// 年/月/日 were lost ("2024年325日") is repaired when one reading is valid, with its finding, else no date.
    /// </summary>
    private static Signature ReadSignature(List<NoticeLine> lines, int bodyStart, List<Finding> findings)
    {
        var end = lines.Count;
        while (end > bodyStart && lines[end - 1].Kind == LineKind.Noise) end--;
        for (var at = end - 1; at >= bodyStart; at--)
        {
            var line = lines[at];
            if (line.Kind == LineKind.Noise || !IsDateLine(line)) continue;
            var organisation = at - 1 > bodyStart && OrgRegex().IsMatch(lines[at - 1].Key) && lines[at - 1].Kind == LineKind.Paragraph;
            if (!organisation && at < end - 4) continue;
            var ambiguous = new List<(string Text, IReadOnlyList<PartialDate> Readings)>();
            var dates = NoticeDates.Scan(line.Text, null, ambiguous);
            var date = dates.FirstOrDefault(d => d.Date.IsExactDay);
            var start = organisation ? at - 1 : at;
            var issuer = organisation ? lines[at - 1].Text.Trim() : null;
            // A date with its 日 or its 年 lost in copying still signs: the month is kept as stated, a year looked for.
            if (date is null && ambiguous.Count == 0 && dates is [{ Date: { Month: not null, Day: null, Dekad: null } } month])
            {
                findings.Add(new Finding("date-day-missing", Finding.Info, $"落款日期“{month.Text}”缺少日，只取{month.Date.ToChinese()}"));
                return new Signature(start, at + 1, issuer, null, true, DayLost: month.Date);
            }
            if (date is null && ambiguous.Count == 0 && YearLessDateRegex().Match(line.Key.Replace(" ", "")) is { Success: true } md)
                return new Signature(start, at + 1, issuer, null, true,
                    YearLost: (line.Text.Trim(), ChineseText.Number(md.Groups["m"].Value) ?? 0, ChineseText.Number(md.Groups["d"].Value) ?? 0));
            // A date line that reads as no day at all ("2024年2月30日") is not taken for one.
            if (date is null && ambiguous.Count == 0) continue;
            NoticeDates.ReportAmbiguous(ambiguous, findings);
            if (date is not null) NoticeDates.ReportRepaired(date, findings);
            return new Signature(start, at + 1, issuer, date?.Date.Start, true);
        }
        return new Signature(end, lines.Count, null, null, false);
    }

    /// <summary>
    /// The year of a signature that lost it ("9月8日"), where the notice's other dates leave one: the first such day on or
    /// after the last date the notice reports as past (its inspection's dates, the 截至 date of its summary), the years its
    /// title names, the first such day on or before the page's publication date. These must agree on one year
    /// (<c>implied-year</c>); when they do not, or there is none, the date is not taken (<c>ambiguous-date</c>).
    /// </summary>
    private static DateOnly? SignatureYear(Signature signature, string? title, DateOnly? published, InspectionInfo inspection, SummaryClaim? summary, List<Finding> findings)
    {
        if (signature.YearLost is not var (text, month, day)) return null;
        var years = new SortedSet<int>();
        var past = new[] { inspection.OnSite?.From, inspection.OnSite?.To, inspection.FeedbackDate }.OfType<PartialDate>()
            .Concat(summary is null ? [] : NoticeDates.Scan(summary.Text).Where(d => !d.ImpliedYear).Select(d => d.Date))
            .Select(d => (PartialDate?)d).Max();
        if (past is { } after)
            years.Add(Day(after.Year, month, day) is { } same && same >= after.Start ? after.Year : after.Year + 1);
        foreach (Match y in TitleYearRegex().Matches(title is null ? "" : ChineseText.Key(title)))
            years.Add(int.Parse(y.Groups["y"].Value, CultureInfo.InvariantCulture));
        if (published is { } on)
            years.Add(Day(on.Year, month, day) is { } same && same <= on ? on.Year : on.Year - 1);
        var readings = years.Select(y => Day(y, month, day)).OfType<DateOnly>().ToList();
        if (years.Count == 1 && readings is [var one])
        {
            findings.Add(ImpliedYear(text, PartialDate.FromDate(one)));
            return one;
        }
        findings.Add(new Finding("ambiguous-date", Finding.Warning, readings.Count > 1
            ? $"落款日期“{text}”未写年份，按通报中其他日期可读作{string.Join("或", readings.Select(r => PartialDate.FromDate(r).ToChinese()))}，无法确定，未取用"
            : $"落款日期“{text}”未写年份，通报中没有可推定年份的日期，未取用"));
        return null;

        static DateOnly? Day(int year, int month, int day) =>
            year is >= 1949 and <= 2200 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;
    }

    private static bool IsDateLine(NoticeLine line) => LoneDateRegex().IsMatch(line.Key.Replace(" ", "").Trim('(', ')'));

    // ---- Inspection: who inspected whom, when on site, when fed back.

    private static InspectionInfo ReadInspection(string? intro, string? title, List<Finding> findings)
    {
        var info = new InspectionInfo();
        var source = intro ?? title ?? "";
        var key = ChineseText.Key(source);
        var kindText = FirstSentence(key);
        info.Kind = (InspectionKinds.FromText(kindText) ?? InspectionKinds.FromText(title is null ? null : ChineseText.Key(title)))?.Code();

        var titleKey = title is null ? "" : ChineseText.Key(title);
        var (roundText, round) = RoundRegex().Match(key) is { Success: true } r ? (source, r)
            : RoundRegex().Match(titleKey) is { Success: true } r2 ? (title!, r2) : ("", null);
        if (round is not null)
        {
            info.Round = roundText.Substring(round.Index, round.Length);
            info.Body = BodyBefore(roundText, round.Index);
        }
        if (GroupRegex().Match(key) is { Success: true } g)
        {
            info.Group = source.Substring(g.Index, g.Length);
            info.Body ??= BodyBefore(source, g.Index);
        }
        if (TargetRegex().Match(key) is { Success: true } t)
            info.Target = source.Substring(t.Groups["t"].Index, t.Groups["t"].Length).Trim();

        if (intro is null) return info;
        var ambiguous = new List<(string Text, IReadOnlyList<PartialDate> Readings)>();
        var dates = NoticeDates.Scan(intro, null, ambiguous);
        NoticeDates.ReportAmbiguous(ambiguous, findings);
        var used = -1;
        for (var i = 0; i + 1 < dates.Count; i++)
        {
            if (!dates[i + 1].RangeEnd || dates[i + 1].Index - (dates[i].Index + dates[i].Length) > 1) continue;
            info.OnSite = new DateRange { From = dates[i].Date, To = dates[i + 1].Date };
            used = i + 1;
            Report(dates[i], findings);
            Report(dates[i + 1], findings);
            break;
        }
        var feedbackAt = key.IndexOf("反馈", StringComparison.Ordinal);
        if (feedbackAt >= 0)
        {
            var fb = dates.Select((d, i) => (d, i)).LastOrDefault(x => x.i > used && x.d.Index < feedbackAt);
            if (fb.d is not null)
            {
                info.FeedbackDate = fb.d.Date;
                Report(fb.d, findings);
            }
        }
        return info;
    }

    private static void Report(DateMention d, List<Finding> findings)
    {
        if (d.ImpliedYear && !d.RangeEnd) findings.Add(ImpliedYear(d.Text, d.Date));
        NoticeDates.ReportRepaired(d, findings);
    }

    private static Finding ImpliedYear(string text, PartialDate date) => new("implied-year", Finding.Info, $"“{text}”未写年份，按上下文取{date.ToChinese()}");

    private static string FirstSentence(string key)
    {
        var end = key.IndexOf('。');
        return end < 0 ? key : key[..end];
    }

    // "…,九届区委第二轮巡察": the body is what stands right before, back to a delimiter; from its 届 if it has one.
    private static string? BodyBefore(string text, int at)
    {
        var key = ChineseText.Key(text);
        var start = at;
        while (start > 0 && at - start < 12 && !",。;、 ".Contains(key[start - 1])) start--;
        var body = key[start..at];
        foreach (var cut in new[] { "关于", "的", "对", "根据", "年" })
        {
            var i = body.LastIndexOf(cut, StringComparison.Ordinal);
            if (i >= 0) { start += i + cut.Length; body = key[start..at]; }
        }
        if (BodyRegex().Match(body) is not { Success: true } b) return null;
        return text.Substring(start + b.Index, b.Length);
    }

    // ---- Checks on the whole document.

    private static IEnumerable<Finding> Check(LedgerDocument doc, IReadOnlySet<ProblemItem> measuresListed)
    {
        var c = doc.Counts;
        if (doc.SummaryClaim is { } claim)
        {
            var compareStatuses = c.NotStated == 0;
            foreach (var (name, said, found) in new (string, int?, int)[]
            {
                ("categories", claim.Categories, c.Categories), ("problems", claim.Problems, c.Problems),
                ("completed", compareStatuses ? claim.Completed : null, c.Completed),
                ("inProgress", compareStatuses ? claim.InProgress : null, c.InProgress),
                ("notFeasible", compareStatuses ? claim.NotFeasible ?? (claim.Completed is null ? null : 0) : null, c.NotFeasible),
            })
            {
                if (said is null || said == found) continue;
                yield return new Finding("summary-mismatch", Finding.Warning,
                    $"摘要“{ChineseText.Quote(claim.Text, 60)}”称{BucketName(name)}{said}个{StatedParts(claim, name)}，正文为{found}个");
            }
            foreach (var f in CheckRate(claim, c)) yield return f;
            // The stated total of measures is compared only where it clearly is the total of those listed: every problem of a
            // whole body lists its measures item by item ("一是…二是…", "1.…2.…"). A body that tells its work in running
            // paragraphs gives no count to compare with: a note says the total was not checked, never a mismatch.
            if (SummaryReader.StatedMeasureTotal(claim) is { } measures && c.Problems > 0 && (claim.Problems is null || claim.Problems == c.Problems)
                && doc.AllProblems.Sum(p => p.Measures.Count) is var listed && listed != measures.Count)
                yield return doc.AllProblems.All(measuresListed.Contains)
                    ? new Finding("summary-mismatch", Finding.Warning, $"摘要称“{ChineseText.Quote(measures.Text, 60)}”，正文各问题列出的整改措施共{listed}条")
                    : new Finding("measures-not-listed", Finding.Info,
                        $"摘要称“{ChineseText.Quote(measures.Text, 60)}”，正文未逐项列出每个问题的整改措施，无法核对整改措施总数");
        }
        var unstated = doc.AllProblems.Where(p => p.Status == RectificationStatus.NotStated.Code()).ToList();
        if (unstated.Count > 0)
            yield return new Finding("status-not-stated", Finding.Warning,
                unstated.Count == c.Problems ? $"通报未写各问题的整改状态（共{unstated.Count}个问题）"
                : $"问题{string.Join("、", unstated.Select(p => $"{p.Ordinal}“{ChineseText.Quote(p.Title, 20)}”"))}未写整改状态");
        if (doc.Date is { } date)
            foreach (var p in doc.AllProblems)
                if (p.ExpectedCompletion is { } due && due.LastDay < date && Statuses.TryParseCode(p.Status, out var s) && !s.IsCompleted())
                    yield return new Finding("expected-past", Finding.Warning,
                        $"问题{p.Ordinal}“{ChineseText.Quote(p.Title, 20)}”预计{due.ToChinese()}完成，通报日期{date.Year}年{date.Month}月{date.Day}日时已过期而仍为“{p.StatusText}”");
    }

    // Two stated counts in one group are named, never merged silently: "（基本完成1个、正在推进1个）".
    private static string StatedParts(SummaryClaim claim, string group)
    {
        var parts = (claim.Buckets ?? []).Where(b => !b.Within && Statuses.TryParseCode(b.Status, out var s) && GroupOf(s) == group).ToList();
        return parts.Count < 2 ? "" : "（" + string.Join("、", parts.Select(b => $"{b.Text}{b.Count}个")) + "）";
    }

    private static string GroupOf(RectificationStatus s) =>
        s.IsCompleted() ? "completed" : s.Bucket() == StatusBucket.NotFeasible ? "notFeasible" : s.Bucket() == StatusBucket.NotStated ? "notStated" : "inProgress";

    /// <summary>A stated rate (完成率, 整改率) against the summary's own counts, and against the body when it is whole and every status is stated.</summary>
    private static IEnumerable<Finding> CheckRate(SummaryClaim claim, LedgerCounts c)
    {
        if (claim.CompletionRate is not { } rate) yield break;
        if (claim is { Problems: > 0 and var total, Completed: { } done } && Math.Abs(100m * done / total - rate) >= 1)
            yield return new Finding("rate-mismatch", Finding.Warning,
                $"摘要“{ChineseText.Quote(claim.Text, 60)}”称完成率{rate}%，按其所列{total}个问题中已完成{done}个应为{Math.Round(100m * done / total, 1)}%");
        else if (c is { Problems: > 0, NotStated: 0 } && (claim.Problems is null || claim.Problems == c.Problems) && Math.Abs(c.CompletionRate!.Value - rate) >= 1)
            yield return new Finding("rate-mismatch", Finding.Warning,
                $"摘要“{ChineseText.Quote(claim.Text, 60)}”称完成率{rate}%，正文{c.Problems}个问题中已完成{c.Completed}个，为{c.CompletionRate}%");
    }

    private static string BucketName(string bucket) => bucket switch
    {
        "categories" => "方面",
        "problems" => "问题",
        "completed" => "已完成",
        "inProgress" => "正在推进",
        _ => "暂不具备整改条件",
    };

    /// <summary>Text cut short: no signature and the last line stops mid-sentence (or on a heading or label).</summary>
    private static Finding? Truncation(Signature signature, List<NoticeLine> body)
    {
        if (signature.Found || body.Count == 0) return null;
        var last = body[^1];
        var endsSentence = last.Key.TrimEnd().Length > 0 && "。!?;…”」』)".Contains(last.Key.TrimEnd()[^1]);
        var dangling = last.Kind is LineKind.Heading or LineKind.StatusLabel or LineKind.MeasuresLabel;
        if (last.Kind == LineKind.Closing || (endsSentence && !dangling)) return null;
        var tail = last.Text.Length > 20 ? last.Text[^20..] : last.Text;
        return new Finding("truncated", Finding.Warning, $"正文在“…{tail}”处中断，没有落款和日期，通报可能不完整");
    }

    private static void RefuseUnrelated(List<NoticeLine> lines, LedgerDocument doc)
    {
        if (!lines.Any(l => VocabularyRegex().IsMatch(l.Key)))
            throw new ImportRefusedException("文件中没有“巡察”“整改”等字样，不像是巡察整改情况通报");
        var hasInspection = doc.Inspection.Group is not null || doc.Inspection.Round is not null || doc.Inspection.OnSite is not null || doc.Inspection.FeedbackDate is not null;
        if (!doc.AllProblems.Any() && doc.SummaryClaim is null && !hasInspection)
            throw new ImportRefusedException("文件中找不到巡察情况、整改问题或整改统计，不像是巡察整改情况通报");
    }

    [GeneratedRegex(@"(?<k>信息索引号|索引号|文件名称|发布机构|发文机关|成文日期|发布日期|公开方式|公开范围|公开时限|主题分类|体裁分类|组配分类|主题词|发文字号|文号|有效性|信息来源|文章来源|来源|发布时间|信息时间|日期|时间|浏览次数|阅读次数|访问量|浏览量|点击数|作者|编辑|责任编辑)\s*[:]\s*(?<v>.*?)(?=[\s【\[]*(?:信息索引号|索引号|文件名称|发布机构|成文日期|发布日期|公开方式|信息来源|文章来源|来源|发布时间|信息时间|日期|时间|浏览次数|阅读次数|访问量|浏览量|点击数|作者|编辑|字号)\s*[:]|[\s【\[]*(?:字号|我要打印|打印|关闭)|$)")]
    private static partial Regex MetadataRegex();

    [GeneratedRegex(@"^[•·●▪\s【\[]*(?:信息索引号|索引号|文件名称|发布机构|发文机关|成文日期|发布日期|公开方式|公开范围|主题分类|体裁分类|发文字号|文号|有效性|信息来源|文章来源|来源|发布时间|信息时间|日期|时间|浏览次数|阅读次数|访问量|浏览量|点击数|作者|责任编辑|编辑)\s*:")]
    private static partial Regex MetadataStartRegex();

    [GeneratedRegex(@"(?:巡察|巡视|审计|督查|回头看).{0,60}?(?:反馈|进行了|开展了|进驻)|(?:反馈|进驻).{0,40}?(?:巡察|巡视|审计|督查)")]
    private static partial Regex IntroRegex();

    [GeneratedRegex(@"\s+(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")]
    private static partial Regex TrailingDateRegex();

    [GeneratedRegex(@"关于|通报|公告|公示|情况的报告|整改.{0,10}情况")]
    private static partial Regex TitleRegex();

    [GeneratedRegex(@"关于.+的.*(?:通报|公告|公示|报告|通知|说明|情况)\s*(?:\d{4}-\d{1,2}-\d{1,2}.*|\d{4}年\d{1,2}月\d{1,2}日.*)?$")]
    private static partial Regex ProperTitleRegex();

    [GeneratedRegex(@"(?:通报|公告|公示|报告|通知|说明|情况)$")]
    private static partial Regex TitleEndRegex();

    // A signature's date, whole, with 年/月 lost in copying ("2024年325日", "20241023日"), or with its 日 or its 年 lost ("2025年9月", "9月8日"),
    // in Arabic or Chinese numerals ("二〇二五年九月", "九月八日").
    [GeneratedRegex(@"^(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*年?\s*\d{2,4}\s*日|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}日)?|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日|\d{4}-\d{1,2}-\d{1,2})$")]
    private static partial Regex LoneDateRegex();

    [GeneratedRegex(@"^(?:(?<m>\d{1,2})月(?<d>\d{1,2})日|(?<m>[一二三四五六七八九十]{1,3})月(?<d>[一二三四五六七八九十]{1,3})日)$")]
    private static partial Regex YearLessDateRegex();

    [GeneratedRegex(@"(?<y>(?:19|20)\d{2})\s*年")]
    private static partial Regex TitleYearRegex();

    [GeneratedRegex(@"^[^,。;:]{2,40}(?:委员会|党委|党组|党工委|总支部?|支部|纪委|监委|办公室|政府|局|公司|集团|委|院|所|中心|学校)\s*$")]
    private static partial Regex OrgRegex();

    [GeneratedRegex(@"第[一二三四五六七八九十\d]+轮(?:巡察|巡视)")]
    private static partial Regex RoundRegex();

    [GeneratedRegex(@"第[一二三四五六七八九十\d]+(?:巡察|巡视)?组")]
    private static partial Regex GroupRegex();

    [GeneratedRegex(@"[一二三四五六七八九十\d]+届.+|[^第]+委$|[^第]+(?:党组|党委)$")]
    private static partial Regex BodyRegex();

    [GeneratedRegex(@"对(?<t>[^,。;、]{2,30}?)(?:党组织)?(?:开展了|进行了|开展|进行|实施了?)[^,。]{0,8}?(?:巡察|巡视|审计|督查|回头看)")]
    private static partial Regex TargetRegex();

    [GeneratedRegex(@"巡察|巡视|整改|审计|督查")]
    private static partial Regex VocabularyRegex();
}
