using System.Text.RegularExpressions;
using Rectify.Core.Domain;
using Rectify.Core.Import;
using Rectify.Core.Interchange;
using Rectify.Core.Notices;

namespace Rectify.Tests.Notices;

/// <summary>No empty or zero clauses, no doubled or out-of-order sequence words, and the summary of an imported notice restated in its own words.</summary>
public partial class NoticeClauseTests
{
    static List<string> Blocks(NoticeInput input) => NoticeComposer.Compose(input).Blocks.Select(b => b.Text).ToList();

    static NoticeInput WithStatuses(RectificationStatus status)
    {
        var input = DemoNotice.Input();
        foreach (var p in input.AllProblems) { p.Status = status; p.StatusText = null; }
        return input;
    }

    [Theory]
    [InlineData(RectificationStatus.CompletedSustained)]
    [InlineData(RectificationStatus.InProgress)]
    [InlineData(RectificationStatus.NotFeasible)]
    [InlineData(RectificationStatus.NotStated)]
    public void No_clause_states_zero(RectificationStatus status)
    {
        var input = WithStatuses(status);
        input.Outcomes = [new(OutcomeKind.AdministrativeSanction, 0), new(OutcomeKind.ReminderTalk, 0), new(OutcomeKind.FundsRecovered, 0, 0m)];
        var text = string.Join("\n", Blocks(input));
        Assert.DoesNotMatch(ZeroClauseRegex(), text);
        Assert.DoesNotContain("整改中，", text); // every outcome was zero: no outcomes sentence at all
        Assert.Contains("14个问题", text);
    }

    [Fact]
    public void Measures_that_carry_their_own_sequence_words_get_none_added()
    {
        var input = DemoNotice.Input();
        var p = input.Categories[0].Problems[0];
        p.Measures = ["一是加强学习。", "二是健全制度。"];
        var q = input.Categories[0].Problems[1];
        // As problem 9 of the 城北镇 notice: a paragraph, then one that numbers its own steps inside.
        q.Measures = ["目前，已将补助退回。", "加强审核把关。一是加强实地走访。二是加强审核把关。"];
        var blocks = Blocks(input);

        var i = blocks.IndexOf($"1．对“{Rectify.Core.Notices.ChineseText.FullWidthPunctuation(p.Title)}”的整改进展情况");
        Assert.Equal(["整改过程：", "一是加强学习。", "二是健全制度。"], blocks.Skip(i + 2).Take(3));
        var j = blocks.IndexOf($"2．对“{Rectify.Core.Notices.ChineseText.FullWidthPunctuation(q.Title)}”的整改进展情况");
        Assert.Equal(["整改过程：目前，已将补助退回。", "加强审核把关。一是加强实地走访。二是加强审核把关。"], blocks.Skip(j + 2).Take(2));
        Assert.DoesNotContain(blocks, b => DoubledRegex().IsMatch(b));
    }

    /// <summary>
    /// A measure's own numbering ("（1）", "1、", "1．", "(1)", "一是") is kept and nothing is put before it, in the
    /// notice and in the upward report alike ("一是（1）开展排查" was written); measures without one are counted 一是、二是.
    /// Counted with a heading's marker, the notice runs them on after "整改过程：" (one a line, each would read as a problem).
    /// </summary>
    [Theory]
    [InlineData("（1）开展排查。|（2）建立台账。", "整改过程：（1）开展排查。（2）建立台账。", "（1）开展排查；（2）建立台账。")]
    [InlineData("(1)开展排查。|(2)建立台账。", "整改过程：（1）开展排查。（2）建立台账。", "（1）开展排查；（2）建立台账。")]
    [InlineData("1、开展排查。|2、建立台账。", "整改过程：1、开展排查。2、建立台账。", "1、开展排查；2、建立台账。")]
    [InlineData("1．开展排查。|2．建立台账。", "整改过程：1．开展排查。2．建立台账。", "1．开展排查；2．建立台账。")]
    [InlineData("一是开展排查。|二是建立台账。", "整改过程：|一是开展排查。|二是建立台账。", "一是开展排查；二是建立台账。")]
    [InlineData("开展排查。|建立台账。", "整改过程：|一是开展排查。|二是建立台账。", "一是开展排查；二是建立台账。")]
    [InlineData("2.5万元已退回。|建立台账。", "整改过程：|一是2.5万元已退回。|二是建立台账。", "一是2.5万元已退回；二是建立台账。")] // an amount, not a count
    public void A_measures_own_numbering_is_kept_and_none_added_in_the_notice_and_the_report(string measures, string notice, string report)
    {
        var input = DemoNotice.Input();
        var p = input.Categories[0].Problems[0];
        p.Measures = [.. measures.Split('|')];
        var blocks = Blocks(input);
        var i = blocks.IndexOf($"1．对“{Rectify.Core.Notices.ChineseText.FullWidthPunctuation(p.Title)}”的整改进展情况");
        var lines = notice.Split('|');
        Assert.Equal(lines, blocks.Skip(i + 2).Take(lines.Length));
        Assert.StartsWith("2．对", blocks[i + 2 + lines.Length]);
        Assert.DoesNotContain(blocks, b => TwoNumberingsRegex().IsMatch(b));

        var ledger = DemoNotice.Ledger();
        ledger.AllProblems.First().Measures = [.. measures.Split('|')];
        var written = Rectify.Core.Supervision.UpwardReports.Compose(Rectify.Core.Supervision.UpwardReportKind.Rectification, ledger, "陈志强",
            new Rectify.Core.Supervision.SupervisionFacts(0, 0, 0, 0, 0), new DateOnly(2023, 9, 8));
        Assert.Contains("整改措施：" + report, written.Blocks.Select(b => b.Text));
        Assert.DoesNotContain(written.Blocks, b => TwoNumberingsRegex().IsMatch(b.Text));
    }

    [Theory]
    [InlineData("（1）开展排查", true)]
    [InlineData("(12) 开展排查", true)]
    [InlineData("1、开展排查", true)]
    [InlineData("1．开展排查", true)]
    [InlineData("3.开展排查", true)]
    [InlineData("①开展排查", true)]
    [InlineData("（一）开展排查", true)]
    [InlineData("二是开展排查", true)]
    [InlineData("完善流程。一是加强实地走访", true)]
    [InlineData("开展排查", false)]
    [InlineData("2.5万元已退回", false)]
    [InlineData("2023年完成排查（共3次）", false)]
    public void A_measures_own_numbering_is_told_by_one_rule(string measure, bool carries) =>
        Assert.Equal(carries, MeasureNumbering.Carries(measure));

    [Fact]
    public void Sequence_words_run_in_order_within_every_problem()
    {
        foreach (var input in new[] { DemoNotice.Input(), Imported() })
        {
            var blocks = Blocks(input);
            var expected = 1;
            foreach (var b in blocks)
            {
                if (b.StartsWith("整改过程", StringComparison.Ordinal) || b.Contains("的整改进展情况", StringComparison.Ordinal)) expected = 1;
                foreach (Match m in SequenceRegex().Matches(b))
                {
                    var n = Rectify.Core.Import.ChineseText.Number(m.Groups["n"].Value);
                    // A measure may number its own steps inside from 一 again; never skipped or doubled.
                    Assert.True(n == expected || n == 1, $"“{m.Value}” out of order in “{b}”");
                    expected = n!.Value + 1;
                }
            }
        }
    }

    [Fact]
    public void A_date_the_office_gives_its_figures_for_becomes_the_date_of_the_notice()
    {
        var ledger = NoticeParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "chengbei-2023-09-08.txt")));
        var dated = 0;
        foreach (var part in ledger.Narrative ?? [])
            for (var i = 0; i < part.Paragraphs.Count; i++)
            {
                var before = part.Paragraphs[i];
                part.Paragraphs[i] = Regex.Replace(before, "^目前([,，])细化分解", "截至2023年9月8日$1细化分解");
                if (part.Paragraphs[i] != before) dated++;
            }
        Assert.Equal(1, dated);

        var blocks = Blocks(NoticeInput.FromLedger(ledger.WithComputedCounts(), new DateOnly(2023, 10, 31)));
        Assert.Contains(blocks, b => b.StartsWith("截至2023年10月31日，细化分解的四方面14个问题", StringComparison.Ordinal));
        Assert.DoesNotContain(blocks, b => b.Contains("截至2023年9月8日", StringComparison.Ordinal));
    }

    static NoticeInput Imported(Action<LedgerDocument>? change = null)
    {
        var ledger = NoticeParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "chengbei-2023-09-08.txt")));
        change?.Invoke(ledger);
        return NoticeInput.FromLedger(ledger.WithComputedCounts());
    }

    [Fact]
    public void The_office_summary_sentence_keeps_its_words_and_takes_the_ledger_figures()
    {
        // The notice claimed 1 not feasible and 2 in progress; make the ledger say so and the sentence is the office's, verbatim.
        var blocks = Blocks(Imported(l => l.AllProblems.First(p => p.Ordinal == 3).Status = RectificationStatus.NotFeasible.Code()));
        Assert.Contains("目前，细化分解的四方面14个问题，已完成整改11个，1个暂不具备整改条件，正在推进2个，正按整改方案的要求，有序推进。", blocks);

        // A problem whose status the ledger does not state stays in the total but gets no clause ("未说明整改状态1个").
        blocks = Blocks(Imported(l => l.AllProblems.First(p => p.Ordinal == 3).Status = RectificationStatus.NotStated.Code()));
        Assert.Contains("目前，细化分解的四方面14个问题，已完成整改11个，正在推进2个，正按整改方案的要求，有序推进。", blocks);
        Assert.DoesNotContain(blocks, b => b.Contains("未说明整改状态", StringComparison.Ordinal));
    }

    [Fact]
    public void An_imported_notice_keeps_its_narrative_and_the_edited_text_replaces_only_its_part()
    {
        var input = Imported();
        var blocks = Blocks(input);
        Assert.Contains(blocks, b => b.StartsWith("（二）加强组织领导，形成整改合力。一方面，成立了以镇党委书记为组长", StringComparison.Ordinal));
        Assert.Contains("三、坚持统筹兼顾，巩固巡察整改成效", blocks);
        Assert.DoesNotContain(blocks, b => b.StartsWith("城北镇党委高度重视巡察反馈问题整改工作", StringComparison.Ordinal)); // the generic draft

        var (leadership, _) = NoticeComposer.StartingDraft(input);
        Assert.StartsWith("（一）提高政治站位，强化责任担当。", leadership);
        input.LeadershipText = "（一）我们改写的第一段。\n目前，细化分解的四方面14个问题，已完成整改11个，正在推进3个。";
        blocks = Blocks(input);
        var i = blocks.IndexOf("一、强化政治担当，扛起巡察整改责任");
        Assert.Equal("（一）我们改写的第一段。", blocks[i + 1]);
        Assert.Equal("二、坚持问题导向，推动巡察整改工作", blocks[i + 3]);
    }

    [Theory]
    [InlineData("在巡察整改工作中，给予政务处分0人；组织处理0人；诫勉0人；交由纪委调查1人。", "在巡察整改工作中，交由纪委调查1人。")]
    [InlineData("会上批评帮助5人，责令检查1人，批评教育6人，提醒谈话0人。", "会上批评帮助5人，责令检查1人，批评教育6人。")]
    [InlineData("已完成整改11个、暂不具备整改条件0个、正在推进3个。", "已完成整改11个、正在推进3个。")]
    [InlineData("经核查，问责0人，相关问题已整改到位。", "经核查，相关问题已整改到位。")]
    [InlineData("整改中，诫勉0人、约谈0人。下一步，持续跟踪问效。", "下一步，持续跟踪问效。")]
    [InlineData("在整改中，诫勉0人。", "")]
    [InlineData("追缴资金7.132万元，退回0.5万元，共10人参加。", "追缴资金7.132万元，退回0.5万元，共10人参加。")]
    [InlineData("2020年起，电话0753-2351954，建立制度0项但修订2项。", "2020年起，电话0753-2351954，建立制度0项但修订2项。")]
    public void A_clause_whose_only_figure_is_zero_goes(string paragraph, string expected) =>
        Assert.Equal(expected, NoticeComposer.WithoutZeroClauses(paragraph));

    [Fact]
    public void Zero_clauses_in_the_office_words_and_in_edited_text_stay_out_of_the_notice()
    {
        const string told = "在巡察整改工作中，给予政务处分0人；组织处理0人；交由纪委调查1人。在专题民主生活会上批评帮助5人，提醒谈话0人。";
        var input = Imported(l => l.Narrative!.First(p => p.Role == "work-done").Paragraphs.Add(told));
        var blocks = Blocks(input);
        Assert.Contains("在巡察整改工作中，交由纪委调查1人。在专题民主生活会上批评帮助5人。", blocks);
        Assert.DoesNotMatch(ZeroClauseRegex(), string.Join("\n", blocks));

        // A ledger typed here: the section as the unit edited it.
        var typed = DemoNotice.Input();
        typed.Narrative = null;
        typed.LeadershipText = "镇党委召开专题会议3次。\n整改中，约谈0人，诫勉0人。";
        blocks = Blocks(typed);
        Assert.Contains("镇党委召开专题会议3次。", blocks);
        Assert.DoesNotContain(blocks, b => b.Contains("约谈", StringComparison.Ordinal));
    }

    [Fact]
    public void Stated_aspects_the_ledger_cannot_recount_are_kept()
    {
        // All 14 problems under one aspect (a flat list, a copy cut short): the notice's "四方面" stays.
        var blocks = Blocks(Imported(l =>
        {
            foreach (var c in l.Categories.Skip(1)) l.Categories[0].Problems.AddRange(c.Problems);
            l.Categories.RemoveRange(1, l.Categories.Count - 1);
        }));
        Assert.Contains("目前，细化分解的四方面14个问题，已完成整改11个，正在推进3个，正按整改方案的要求，有序推进。", blocks);

        // Aspects named in another wording (of problems and of suggestions), the problems counted apart: the aspects stay, the problems are the ledger's.
        blocks = Blocks(Imported(l =>
        {
            foreach (var c in l.Categories.Skip(1)) l.Categories[0].Problems.AddRange(c.Problems);
            l.Categories.RemoveRange(1, l.Categories.Count - 1);
            foreach (var part in l.Narrative!)
                for (var i = 0; i < part.Paragraphs.Count; i++)
                    part.Paragraphs[i] = Regex.Replace(part.Paragraphs[i], "^目前[,，]细化分解的四方面14个问题", "针对巡察反馈提出的4个方面问题和4个方面意见建议，梳理出15个具体问题");
        }));
        Assert.Contains(blocks, b => b.StartsWith("针对巡察反馈提出的4个方面问题和4个方面意见建议，梳理出14个具体问题，已完成整改11个", StringComparison.Ordinal));

        // A fifth aspect the ledger has: recounted.
        blocks = Blocks(Imported(l =>
        {
            var moved = l.Categories[^1].Problems[^1];
            l.Categories[^1].Problems.Remove(moved);
            l.Categories.Add(new CategoryItem { Ordinal = l.Categories.Count + 1, Title = "其他方面", Problems = [moved] });
        }));
        Assert.Contains("目前，细化分解的五方面14个问题，已完成整改11个，正在推进3个，正按整改方案的要求，有序推进。", blocks);
    }

    /// <summary>A clause about nothing ("暂不具备整改条件0个", "约谈0人", "完成率0%"): every formal document's scan.</summary>
    [GeneratedRegex(@"(?<![\d.])0(?:个|人|项|元|%)|完成率0")]
    internal static partial Regex ZeroClauseRegex();

    [GeneratedRegex(@"([一二三四五六七八九十]+是)\s*\1|[一二三四五六七八九十]是[一二三四五六七八九十]是")]
    private static partial Regex DoubledRegex();

    /// <summary>A line that numbers a measure twice: a sequence word or count right before another ("一是（1）开展排查", "（1）一是…").</summary>
    [GeneratedRegex(@"(?:[一二三四五六七八九十]+是|[（(]\s*[\d一二三四五六七八九十]+\s*[)）]|(?<![\d.])\d{1,3}[、．]|[①-⑳])\s*(?:[一二三四五六七八九十]+是|[（(]\s*[\d一二三四五六七八九十]+\s*[)）]|\d{1,3}\s*[、．.](?!\d)|[①-⑳]|[一二三四五六七八九十]+、)")]
    internal static partial Regex TwoNumberingsRegex();

    [GeneratedRegex(@"(?:^|[。；：])(?<n>[一二三四五六七八九十]+)是")]
    private static partial Regex SequenceRegex();
}
