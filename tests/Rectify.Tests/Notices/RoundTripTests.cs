using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Import;
using Rectify.Core.Interchange;
using Rectify.Core.Notices;

namespace Rectify.Tests.Notices;

/// <summary>
/// A notice written from a ledger reads back, through the importer, into the same ledger: every
/// category, and every problem's ordinal, title, status, expected month and measures.
/// </summary>
public class RoundTripTests
{
    static readonly NoticeContacts Contacts = new() { Phone = "0753-2351954", Mailbox = "梅州市梅江区城北镇人民政府", Postcode = "514089", Email = "cbz@example.cn" };

    static ComposedNotice Compose(LedgerDocument ledger) =>
        NoticeComposer.Compose(NoticeInput.FromLedger(ledger, shortName: "镇党委", contacts: Contacts));

    static LedgerDocument ViaText(LedgerDocument ledger) => NoticeParser.Parse(NoticeTextWriter.Write(Compose(ledger)));

    static LedgerDocument ViaDocx(LedgerDocument ledger) => NoticeImporter.Import(NoticeDocxWriter.ToBytes(Compose(ledger)), "notice.docx");

    /// <summary>
    /// What a notice carries of a ledger, one line each, so a failure shows the first difference.
    /// Punctuation width is typography, not content: the .docx sets ,:;() full-width beside Chinese
    /// (GB/T 9704), the plain text half-width as the web copies do; both read back as written.
    /// </summary>
    static List<string> Carried(LedgerDocument d)
    {
        var lines = new List<string>();
        foreach (var c in d.Categories)
        {
            lines.Add($"方面 {c.Ordinal}:{Fold(c.Title)}");
            foreach (var p in c.Problems)
            {
                lines.Add($"  问题 {p.Ordinal}:{Fold(p.Title)} | {p.Status} | {p.ExpectedCompletion}");
                lines.AddRange(p.Measures.Select(m => "    措施:" + Fold(m)));
            }
        }
        return lines;
    }

    static string Fold(string s) => Rectify.Core.Notices.ChineseText.HalfWidthPunctuation(s);

    /// <summary>
    /// The ledger as a notice states it: the expected month only for problems still open (预计…完成),
    /// category headings ending in 方面, every paragraph of a measure a sentence ending in 。 or the like.
    /// </summary>
    static LedgerDocument Normalised(LedgerDocument d)
    {
        foreach (var c in d.Categories)
        {
            c.Title = c.Title.Trim().TrimEnd('。');
            if (!c.Title.EndsWith("方面", StringComparison.Ordinal)) c.Title += "方面";
        }
        foreach (var p in d.AllProblems)
        {
            if (Statuses.TryParseCode(p.Status, out var s) && (s.IsCompleted() || s.Bucket() is StatusBucket.NotFeasible))
                p.ExpectedCompletion = null;
            p.Measures = p.Measures.Select(m => string.Join("\n", m.Split('\n').Select(l => "。！？；…”".Contains(l[^1]) ? l : l + "。"))).ToList();
        }
        return d;
    }

    [Fact]
    public void The_demo_ledger_reads_back_from_plain_text()
    {
        var back = ViaText(Setup.DemoLedger());
        Assert.Equal(Carried(Normalised(Setup.DemoLedger())), Carried(back));
        Assert.Equal(14, back.Counts.Problems);
        Assert.DoesNotContain(back.Findings, f => f.Code == "summary-mismatch");
    }

    [Fact]
    public void The_demo_ledger_reads_back_from_docx()
    {
        var back = ViaDocx(Setup.DemoLedger());
        Assert.Equal(Carried(Normalised(Setup.DemoLedger())), Carried(back));
        Assert.Equal(4, back.Counts.Categories);
        Assert.DoesNotContain(back.Findings, f => f.Code == "summary-mismatch");
    }

    // Found by the random round trip: a measure of two paragraphs came back as two measures.
    [Fact]
    public void An_uncounted_paragraph_inside_a_counted_run_continues_the_measure_before_it()
    {
        var doc = NoticeParser.Parse("""
            根据区委统一部署,2023年3月1日至4月30日,区委第三巡察组对区水务局党组进行了巡察,5月20日反馈了巡察意见。现将整改情况予以公布。
            一、在全面从严治党方面
            1.对“学习贯彻不深入”的整改进展情况
            整改状态:已完成整改
            整改过程:
            一是开展专题学习。
            全年组织学习12次。
            二是建立学习制度。
            2.对“财务管理不规范”的整改进展情况
            整改状态:正在推进
            整改过程:修订财务制度。
            开展专项检查。
            中共某区水务局党组
            2023年10月8日
            """);
        Assert.Equal(["开展专题学习。\n全年组织学习12次。", "建立学习制度。"], doc.AllProblems.First().Measures);
        // Without counts, each paragraph stays a measure of its own.
        Assert.Equal(["修订财务制度。", "开展专项检查。"], doc.AllProblems.Last().Measures);
    }

    [Fact]
    public void A_lone_measure_of_several_paragraphs_is_written_counted()
    {
        var ledger = Setup.DemoLedger();
        var first = ledger.AllProblems.First();
        first.Measures = ["开展专题学习\n全年组织学习12次"];
        var lines = Compose(ledger).Blocks.Select(b => b.Text).SkipWhile(t => !t.StartsWith("1．对", StringComparison.Ordinal)).Take(5).ToList();
        Assert.Equal(["整改过程：", "一是开展专题学习。", "全年组织学习12次。"], lines.Skip(2));
        Assert.Equal(["开展专题学习。\n全年组织学习12次。"], ViaText(ledger).AllProblems.First().Measures);
    }

    /// <summary>
    /// Measures typed with their own numbering ("（1）", "1．", "1、", "①", "一是") are written as typed, and the
    /// notice still reads back into the same problems: no numbered measure is taken for a problem or an item of
    /// its own. The importer reads the numbering as the notice's count of the measures and drops it.
    /// </summary>
    [Theory]
    [InlineData("（1）")]
    [InlineData("1．")]
    [InlineData("1、")]
    [InlineData("①")]
    [InlineData("一是")]
    public void Measures_numbered_as_typed_read_back_into_the_same_problems(string first)
    {
        var ledger = Setup.DemoLedger();
        var second = first.Replace('1', '2').Replace('①', '②').Replace('一', '二');
        foreach (var p in ledger.AllProblems.Where(p => p.Measures.Count > 0))
            p.Measures = [first + "开展排查。", second + "建立台账。"];
        foreach (var back in new[] { ViaText(ledger), ViaDocx(ledger) })
        {
            Assert.Equal(ledger.AllProblems.Select(p => (p.Ordinal, Fold(p.Title))), back.AllProblems.Select(p => (p.Ordinal, Fold(p.Title))));
            Assert.All(back.AllProblems.Where(p => p.Measures.Count > 0), p => Assert.Equal(["开展排查。", "建立台账。"], p.Measures));
        }
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(0, 4)];

    /// <summary>200 random ledgers, in four batches of 50, through text and through .docx.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_ledgers_read_back_from_text_and_docx(int batch)
    {
        for (var seed = batch * 50; seed < (batch + 1) * 50; seed++)
        {
            var ledger = new NoticeLedgers(seed).Next();
            var expected = Carried(Normalised(NoticeLedgers.Copy(ledger)));
            var text = NoticeTextWriter.Write(Compose(ledger));
            Assert.True(expected.SequenceEqual(Carried(NoticeParser.Parse(text))), $"seed {seed}, text:\n{Diff(expected, Carried(NoticeParser.Parse(text)))}\n{text}");
            var docx = Carried(ViaDocx(ledger));
            Assert.True(expected.SequenceEqual(docx), $"seed {seed}, docx:\n{Diff(expected, docx)}");
        }
    }

    static string Diff(List<string> expected, List<string> actual)
    {
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i] : "(none)";
            var a = i < actual.Count ? actual[i] : "(none)";
            if (e != a) return $"line {i}:\n expected {e}\n   actual {a}";
        }
        return "same";
    }
}

/// <summary>
/// Seeded ledgers restricted to what a notice can carry: single-line titles without “”, measures
/// that do not start with 一是-style prefixes, a stated status for every problem.
/// </summary>
sealed class NoticeLedgers(int seed)
{
    readonly Random random = new(seed);

    static readonly string[] Words =
    [
        "学习贯彻", "习近平新时代中国特色社会主义思想", "不够深入", "乡村振兴", "撂荒复耕", "疫情防控", "三重一大", "集体决策",
        "财务管理", "不规范", "基层党组织", "建设", "薄弱", "作风建设", "形式主义", "官僚主义", "2023年6月2日", "3.5亿元",
        "专题学习", "整改", "落实", "到位", "制度", "12项", "台账", "、", "%", "方面", "问题", "完成", "推进", "abc", "A-1",
        ",", "，", "(", ")", "（试行）", ":", ";", "；", "《", "》", "2024年3月", "第一", "1.", "(2)", "其中", "整改状态", "预计",
    ];

    static readonly string[] Endings = ["。", "", "；", "！", "……"];

    static readonly RectificationStatus[] Stated = Statuses.All.Where(s => s != RectificationStatus.NotStated).ToArray();

    public LedgerDocument Next()
    {
        var ledger = new LedgerDocument
        {
            Title = "中共测试镇委员会关于九届区委第二轮巡察整改进展情况的公告",
            Issuer = "中共测试镇委员会",
            Date = new DateOnly(2023, 9, 8),
            Inspection = new InspectionInfo
            {
                Kind = "xuncha", Body = "九届区委", Round = "第二轮巡察", Group = "第一组", Target = "测试镇党委",
                OnSite = new DateRange { From = new PartialDate(2022, 8, 12), To = new PartialDate(2023, 1, 10) },
                FeedbackDate = new PartialDate(2023, 3, 10),
            },
        };
        var ordinal = 0;
        var categories = random.Next(4) == 0 ? random.Next(10, 14) : random.Next(1, 7);
        for (var c = 1; c <= categories; c++)
        {
            var category = new CategoryItem { Ordinal = c, Title = Phrase(1, 4) + (random.Next(3) == 0 ? "" : "方面") };
            for (var n = random.Next(1, 6); n > 0; n--) category.Problems.Add(Problem(++ordinal));
            ledger.Categories.Add(category);
        }
        return ledger.WithComputedCounts();
    }

    ProblemItem Problem(int ordinal)
    {
        var status = Stated[random.Next(Stated.Length)];
        return new ProblemItem
        {
            Ordinal = ordinal,
            Title = Phrase(1, 8) + (random.Next(3) == 0 ? "的问题" : ""),
            Status = status.Code(),
            ExpectedCompletion = random.Next(3) == 0 ? null : new YearMonth(random.Next(2023, 2027), random.Next(1, 13)),
            Measures = random.Next(5) == 0 ? [] : Enumerable.Range(0, random.Next(1, 7)).Select(_ => Measure()).ToList(),
            NotFeasibleReason = status == RectificationStatus.NotFeasible && random.Next(2) == 0 ? Phrase(1, 4) : null,
        };
    }

    /// <summary>
    /// A sentence, now and then of two paragraphs (a measure the notice sets as two lines). No paragraph
    /// opens with numbering ("1." "(2)") or a label ("整改状态"): in a notice that line would be a heading,
    /// an item or the status, and a measure's opening count is read as the notice's numbering of its
    /// measures, not as its words (ProblemBuilder.SplitMeasures; its own tests cover counted measures).
    /// </summary>
    string Measure()
    {
        var m = Paragraph(2, 8) + Endings[random.Next(Endings.Length)];
        if (random.Next(6) != 0) return m;
        return m + "\n" + Paragraph(2, 6) + "。";
    }

    string Paragraph(int min, int max)
    {
        string text;
        do text = Phrase(min, max); while (text[0] is '(' or '（' or (>= '0' and <= '9') || text.StartsWith("整改状态", StringComparison.Ordinal));
        return text;
    }

    string Phrase(int min, int max) => string.Concat(Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Words[random.Next(Words.Length)]));

    public static LedgerDocument Copy(LedgerDocument d) => LedgerJson.Read(LedgerJson.Write(d));
}
