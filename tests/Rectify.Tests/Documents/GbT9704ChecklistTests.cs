using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rectify.Core.Documents;
using Rectify.Core.Domain;
using Rectify.Core.Notices;
using Rectify.Core.Supervision;
using Rectify.Tests.Notices;
using E = Rectify.Core.Notices.NoticeDocxWriter.Element;

namespace Rectify.Tests.Documents;

/// <summary>
/// The GB/T 9704-2012 checklist, per document kind, read back from the .docx with OpenXml: every
/// element of the frame present, in its part (版头 before the title, 主体, 版记 at the end), in its
/// font and size; no unfilled marker and no half-width mark between Chinese characters.
/// </summary>
public partial class GbT9704ChecklistTests
{
    static readonly DocumentSettings Settings = new()
    {
        OrganizationId = 2, IssuerMark = "中共梅州市梅江区城北镇委员会文件", AgencyCode = "城北党", MainRecipient = "区委巡察工作领导小组",
        Secrecy = "秘密★1年", Urgency = "加急", CopyNumbers = true, Sealed = true, ContactPerson = "张干事", ContactPhone = "0753-2222222",
        CopyTo = "区纪委监委，区委组织部", Printer = "城北镇党政办公室",
    };

    static readonly SupervisionFacts Facts = new(2, 1, 1, 0, 0);

    public static TheoryData<string> Kinds => ["notice", "rectification", "principal-leader"];

    public static OfficialDocument Document(string kind) => kind switch
    {
        "notice" => OfficialDocument.Frame(DemoNotice.Composed(), Settings, "公告", upward: false, serial: 7),
        _ => Upward(UpwardReports.FromCode(kind)!.Value, "王书记", 12),
    };

    static OfficialDocument Upward(UpwardReportKind k, string? leader, int? serial) =>
        OfficialDocument.Frame(UpwardReports.Compose(k, DemoNotice.Ledger(), leader, Facts, new DateOnly(2023, 9, 8),
                new LeaderFacts("组长", [new NoticeMeeting("党委会议", new DateOnly(2023, 3, 20))])),
            Settings, k.Chinese(), upward: true, serial: serial, signer: leader, attachments: UpwardReports.Attachments(k), signedByPerson: k == UpwardReportKind.PrincipalLeader);

    static List<OpenXmlElementInfo> Read(OfficialDocument d, string kind)
    {
        var bytes = NoticeDocxWriter.ToBytes(d);
        File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, $"gbt9704-{kind}.docx"), bytes); // for looking at the pages
        using var word = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        return word.MainDocumentPart!.Document!.Body!.ChildElements.Select(e => new OpenXmlElementInfo(e.CloneNode(true))).ToList();
    }

    sealed record OpenXmlElementInfo(DocumentFormat.OpenXml.OpenXmlElement Node)
    {
        public Paragraph? P => Node as Paragraph;
        public string? Element => P is { } p ? NoticeDocxWriter.ElementOf(p) : null;
        public RunProperties Run => Node.Descendants<Run>().First(r => r.InnerText.Length > 0).RunProperties!;
        public string Text => Node.InnerText;
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Every_element_is_in_its_part_in_its_font_and_size(string kind)
    {
        var doc = Document(kind);
        Assert.Empty(doc.Missing());
        var els = Read(doc, kind);
        int At(string element) => els.FindIndex(e => e.Element == element || e.Node.Descendants<BookmarkStart>().Any(b => b.Name == "GB9704_" + element));
        var title = els.FindIndex(e => e.Text == doc.Content.Title);
        Assert.True(title > 0, "title");

        // 版头: 份号, 密级, 紧急程度 top left in 3号 黑体; the red mark; the 发文字号 with 〔〕 and its red rule; all before the title.
        foreach (var (element, text) in new[] { (E.CopyNumber, "000001"), (E.Secrecy, "秘密★1年"), (E.Urgency, "加急") })
        {
            var i = At(element);
            Assert.InRange(i, 0, title - 1);
            Assert.Equal(text, els[i].Text);
            Assert.Equal("黑体", els[i].Run.RunFonts!.EastAsia!.Value);
            Assert.Equal("32", els[i].Run.FontSize!.Val!.Value);
        }
        var mark = els[At(E.IssuerMark)];
        Assert.True(At(E.IssuerMark) < title);
        Assert.Equal(NoticeDocxWriter.Red, mark.Run.Color!.Val!.Value);
        Assert.Equal(NoticeDocxWriter.TitleFont, mark.Run.RunFonts!.EastAsia!.Value);
        Assert.Equal(JustificationValues.Center, mark.P!.ParagraphProperties!.Justification!.Val!.Value);
        var number = els[At(E.DocumentNumber)];
        Assert.True(At(E.DocumentNumber) < title);
        Assert.Matches(@"^城北党〔2023〕\d+号", number.Text);
        Assert.Equal(NoticeDocxWriter.Red, number.P!.ParagraphProperties!.ParagraphBorders!.BottomBorder!.Color!.Value);
        if (doc.Upward)
        {
            // 签发人 on the 发文字号's line, right; the name in 楷体 (7.2.5).
            Assert.EndsWith("签发人：王书记", number.Text);
            Assert.Equal(NoticeDocxWriter.Heading2Font, number.Node.Descendants<Run>().Last(r => r.InnerText == "王书记").RunProperties!.RunFonts!.EastAsia!.Value);
        }

        // 主体: the title in 2号 小标宋, centred; 主送机关 under it ending in "："; the four heading levels in their fonts.
        Assert.Equal(NoticeDocxWriter.TitleFont, els[title].Run.RunFonts!.EastAsia!.Value);
        Assert.Equal("44", els[title].Run.FontSize!.Val!.Value);
        if (doc.Upward)
        {
            var to = At(E.MainRecipient);
            Assert.True(to > title);
            Assert.Equal("区委巡察工作领导小组：", els[to].Text);
        }
        var paragraphs = els.Where(e => e.P is not null && e.Text.Length > 0).ToList();
        void Level(string pattern, string font, bool bold)
        {
            var hits = paragraphs.Where(p => Regex.IsMatch(p.Text, pattern)).ToList();
            Assert.NotEmpty(hits);
            foreach (var h in hits)
            {
                Assert.Equal(font, h.Run.RunFonts!.EastAsia!.Value);
                Assert.Equal("32", h.Run.FontSize!.Val!.Value);
                Assert.Equal(bold, h.Run.Bold is not null);
            }
        }
        Level("^[一二三四五六七八九十]+、", NoticeDocxWriter.Heading1Font, false);
        if (kind != "principal-leader")
        {
            Level("^（[一二三四五六七八九十]+）", NoticeDocxWriter.Heading2Font, false);
            Level(@"^\d+[．.]", NoticeDocxWriter.BodyFont, true);
        }
        if (doc.Attachments.Count > 0) Assert.StartsWith("附件：", els[At(E.Attachments)].Text);

        // 发文机关署名 and 成文日期 (Arabic numerals), laid out for the seal: the date four characters in from the right.
        var sig = At(E.Signature);
        var date = At(E.Date);
        Assert.Equal(date - 1, sig);
        Assert.Equal(doc.Content.Issuer, els[sig].Text);
        Assert.Matches(@"^\d{4}年\d{1,2}月\d{1,2}日$", els[date].Text);
        Assert.Equal(400, els[date].P!.ParagraphProperties!.Indentation!.RightChars!.Value);
        Assert.Equal("（联系人：张干事，电话：0753-2222222）", els[At(E.Note)].Text);

        // 版记: the last thing of the document, in a box anchored to the foot of the text area (the last
        // page's bottom, whatever the text's length), 4号 仿宋, thick first and last rules and a thin one between.
        var last = els.Last(e => e.Node is not SectionProperties && e.Text.Length > 0).Node;
        var anchor = last.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.Anchor>().Single();
        Assert.Equal(DocumentFormat.OpenXml.Drawing.Wordprocessing.VerticalRelativePositionValues.Margin, anchor.VerticalPosition!.RelativeFrom!.Value);
        Assert.Equal("bottom", anchor.VerticalPosition.VerticalAlignment!.Text);
        Assert.NotNull(anchor.GetFirstChild<DocumentFormat.OpenXml.Drawing.Wordprocessing.WrapTopBottom>()); // the text stays above it
        var imprint = last.Descendants<Table>().Single();
        Assert.Contains("抄送：区纪委监委，区委组织部。", imprint.InnerText);
        Assert.Contains("城北镇党政办公室", imprint.InnerText);
        Assert.Contains("2023年9月8日印发", imprint.InnerText);
        var borders = imprint.GetFirstChild<TableProperties>()!.TableBorders!;
        Assert.Equal(8u, borders.TopBorder!.Size!.Value);
        Assert.Equal(8u, borders.BottomBorder!.Size!.Value);
        Assert.Equal(6u, borders.InsideHorizontalBorder!.Size!.Value);
        Assert.All(imprint.Descendants<Run>(), r => Assert.Equal("28", r.RunProperties!.FontSize!.Val!.Value));
        Assert.All(imprint.Descendants<Run>(), r => Assert.Equal(NoticeDocxWriter.BodyFont, r.RunProperties!.RunFonts!.EastAsia!.Value));

        // No half-width mark between Chinese characters anywhere in what this frame writes.
        foreach (var e in els)
            Assert.DoesNotMatch(@"[\u4e00-\u9fff][,:;()][\u4e00-\u9fff]", e.Text);
    }

    [Fact]
    public void The_principal_leaders_report_speaks_as_i_in_its_own_parts_and_is_signed_by_the_person()
    {
        var doc = Document("principal-leader").Content;
        var text = string.Join("\n", doc.Blocks.Select(b => b.Text));
        Assert.Equal(["一、履行第一责任人职责情况", "二、研究部署情况", "三、带头整改情况", "四、督促检查情况", "五、下一步打算"],
            doc.Of(NoticeBlockLevel.Heading1).Select(b => b.Text));
        Assert.Contains("我作为", text);
        Assert.Contains("担任整改工作领导小组组长", text);
        Assert.Contains("我主持召开1次会议", text);
        Assert.DoesNotContain("镇党委坚持", text);
        Assert.Empty(doc.Of(NoticeBlockLevel.ProblemHeading)); // not the problem list of the rectification report
        Assert.Equal("王书记", doc.Issuer);
        var rect = Document("rectification").Content;
        Assert.DoesNotContain(doc.Blocks.Where(b => b.Level == NoticeBlockLevel.Body && b.Text.Length > 40).Select(b => b.Text), t => rect.Blocks.Any(r => r.Text == t && !t.StartsWith("截至", StringComparison.Ordinal)));
    }

    [Fact]
    public void Each_kind_names_what_it_still_lacks()
    {
        // An upward report without a 发文顺序号 or a principal leader.
        var bare = Upward(UpwardReportKind.PrincipalLeader, null, null);
        var missing = string.Join("；", bare.Missing());
        Assert.Contains("发文字号", missing);
        Assert.Contains("签发人", missing);
        Assert.Contains("署名（主要负责人姓名", missing);
        Assert.DoesNotContain("主送机关", missing);
        var noRecipient = Document("rectification") with { MainRecipient = null };
        Assert.Equal(["主送机关"], noRecipient.Missing());
        // A notice whose text still holds a draft's marker.
        var n = DemoNotice.Composed();
        var marked = OfficialDocument.Of(n with { Blocks = [.. n.Blocks.Select((b, i) => i == 3 ? b with { Text = b.Text + "（草稿：请补充）" } : b)] });
        Assert.Equal(["正文第3段的“（草稿：请补充）”"], marked.Missing());
        Assert.Equal(["标题的“××”"], OfficialDocument.Of(n with { Blocks = [new(NoticeBlockLevel.Title, "关于××的公告"), .. n.Blocks.Skip(1)] }).Missing());
    }

    [Fact]
    public void The_sign_off_refuses_each_move_with_the_missing_elements_named()
    {
        var bare = Upward(UpwardReportKind.Rectification, "王书记", null);
        var report = new UpwardReport { Kind = UpwardReportKind.Rectification };
        var e = Assert.Throws<DomainException>(() => report.Submit("editor", DateTimeOffset.UnixEpoch, true, bare));
        Assert.Equal("整改情况报告还有未填写的要素，不能提交审核：发文字号（未填写发文顺序号）", e.Message);
        Assert.Equal(SignOffState.Draft, report.State);

        var frozenBefore = new UpwardReport { Kind = UpwardReportKind.Rectification, State = SignOffState.Submitted, SubmittedBy = "editor" };
        Assert.Contains("不能审批签发：发文字号", Assert.Throws<DomainException>(() => frozenBefore.Approve("leader", DateTimeOffset.UnixEpoch, bare)).Message);

        var n = DemoNotice.Composed();
        var notice = new Notice { Title = n.Title, State = SignOffState.Approved };
        var marked = OfficialDocument.Of(n with { Title = "" });
        Assert.Equal("公告还有未填写的要素，不能发布：标题", Assert.Throws<DomainException>(() => notice.EnsurePublishable(marked)).Message);
        Assert.Equal(SignOffState.Approved, notice.State);
    }
}
