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

    /// <summary>The office's frame (the round summary's) and the commission's (an order's), each with every element set.</summary>
    static readonly DocumentSettings Office = new()
    {
        OrganizationId = 1, IssuerMark = "中共梅州市梅江区委巡察工作领导小组办公室文件", AgencyCode = "梅江巡办", Secrecy = "秘密★1年", Urgency = "加急", CopyNumbers = true,
        Sealed = true, ContactPerson = "陈干事", ContactPhone = "0753-2111111", CopyTo = "区纪委监委，区委组织部", Printer = "区委巡察工作领导小组办公室",
    };

    static readonly DocumentSettings Commission = new()
    {
        OrganizationId = 3, IssuerMark = "中共梅州市梅江区纪律检查委员会文件", AgencyCode = "梅江纪", Secrecy = "秘密★1年", Urgency = "特急", CopyNumbers = true,
        Sealed = true, ContactPerson = "刘干事", ContactPhone = "0753-2333333", CopyTo = "区委巡察办", Printer = "中共梅州市梅江区纪律检查委员会办公室",
    };

    /// <summary>
    /// Every formal document kind Rectify writes (issue 16 point 3); the notice twice: as a draft, and published
    /// (with its public page's address, so with the 码上监督 QR code).
    /// </summary>
    public static TheoryData<string> Kinds => ["notice", "published-notice", "rectification", "principal-leader", "summary", "order"];

    const string PublicSite = "https://xc.example.gov.cn";

    public static OfficialDocument Document(string kind) => kind switch
    {
        "notice" => OfficialDocument.Frame(DemoNotice.Composed(), Settings, "公告", upward: false, serial: 7, toThePublic: true),
        "published-notice" => OfficialDocument.Frame(DemoNotice.Composed() with { PublicUrl = QrCode.NoticeUrl(PublicSite, 7) }, Settings, "公告", upward: false, serial: 7, toThePublic: true),
        "summary" => Summary(5),
        "order" => OfficialDocument.Frame(OrderDocument.Compose(new OrderFacts("城北镇", new DateOnly(2023, 9, 8), new DateOnly(2023, 10, 31), "对巡察反馈问题整改推进缓慢，部分问题整改不到位",
                [new OrderedProblem(12, "村级财务管理不规范"), new OrderedProblem(13, "撂荒地复耕推进缓慢")], "镇党政办", "张干事", "中共梅州市梅江区纪律检查委员会")),
            Commission, OrderDocument.Name, upward: false, serial: 1, addressed: true) with { MainRecipient = "中共梅州市梅江区城北镇委员会", IssuedBy = "区纪委监委" },
        _ => Upward(UpwardReports.FromCode(kind)!.Value, "陈志强", 12),
    };

    /// <summary>The round summary in the office's frame, as the app frames it, numbered <paramref name="serial"/> (null: the draft).</summary>
    static OfficialDocument Summary(int? serial) => Rectify.Features.Documents.DocumentFrames.RoundSummary(
        Rectify.Features.Overview.OverviewApi.RoundSummary("九届区委第二轮巡察", Figures(), "中共梅州市梅江区委巡察工作领导小组办公室"),
        Office, new Organization { Name = "梅江区", PrincipalLeader = "李主任", Level = OrganizationLevel.District }, "区委巡察工作领导小组", serial);

    /// <summary>The demo round's figures (or another ledger's) as the overview counts them: its statuses, aspects and unit.</summary>
    static Rectify.Features.Overview.OverviewFigures Figures(Rectify.Core.Interchange.LedgerDocument? of = null)
    {
        var ledger = of ?? DemoNotice.Ledger();
        var statuses = ledger.AllProblems.Select(p => Statuses.TryParseCode(p.Status, out var st) ? st : RectificationStatus.NotStated).ToList();
        var buckets = StatusCounts.Of(statuses);
        return new()
        {
            Today = new DateOnly(2023, 9, 8), Buckets = buckets,
            ByCategory = [.. ledger.Categories.Select(c => new Rectify.Features.Overview.CategoryRow(c.Title, c.Problems.Count,
                c.Problems.Count(p => Statuses.TryParseCode(p.Status, out var st) && StatusCounts.Of([st]).Done > 0)))],
            Organizations = [new Rectify.Features.Overview.OrganizationRow(2, "城北镇", buckets.Total, buckets.Done, 0)],
        };
    }

    static OfficialDocument Upward(UpwardReportKind k, string? leader, int? serial) =>
        OfficialDocument.Frame(UpwardReports.Compose(k, DemoNotice.Ledger(), leader, Facts, new DateOnly(2023, 9, 8),
                new LeaderFacts("组长", [new NoticeMeeting("党委会议", new DateOnly(2023, 3, 20))])),
            Settings, k.Chinese(), upward: true, serial: serial, signer: leader, attachments: UpwardReports.Attachments(k, InspectionKind.Xuncha), signedByPerson: k == UpwardReportKind.PrincipalLeader);

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
        // The notice posted to the public (党务公开) carries none of the three, whatever the settings say.
        foreach (var (element, text) in new[] { (E.CopyNumber, "000001"), (E.Secrecy, "秘密★1年"), (E.Urgency, kind == "order" ? "特急" : "加急") })
        {
            if (kind is "notice" or "published-notice")
            {
                Assert.Equal(-1, At(element));
                Assert.DoesNotContain(els, e => e.Text == text);
                continue;
            }
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
        // As large as fits one line of the text area (434 pt of its 442), at most 初号 (42 pt, 84 half-points).
        var markSize = int.Parse(mark.Run.FontSize!.Val!.Value!, System.Globalization.CultureInfo.InvariantCulture);
        var markWidth = mark.Text.Sum(c => c < 128 ? 0.5m : 1m);
        Assert.InRange(markSize, 2, 84);
        Assert.True(markSize * markWidth <= 2 * 434, $"{kind}: the 发文机关标志 at {markSize / 2m} pt does not fit one line");
        Assert.True(markSize == 84 || (markSize + 1) * markWidth > 2 * 434, $"{kind}: the 发文机关标志 at {markSize / 2m} pt could be larger");
        var number = els[At(E.DocumentNumber)];
        Assert.True(At(E.DocumentNumber) < title);
        // Every kind has its number, the round summary too (issue 16: it had none).
        Assert.NotNull(doc.DocumentNumber);
        Assert.StartsWith(doc.DocumentNumber, number.Text);
        Assert.Matches($@"^{doc.AgencyCode}〔2023〕\d+号", number.Text);
        // 3号 仿宋 (7.2.4).
        Assert.Equal(NoticeDocxWriter.BodyFont, number.Run.RunFonts!.EastAsia!.Value);
        Assert.Equal("32", number.Run.FontSize!.Val!.Value);
        Assert.Equal(NoticeDocxWriter.Red, number.P!.ParagraphProperties!.ParagraphBorders!.BottomBorder!.Color!.Value);
        // The rule as wide as the text area: its paragraph has no indent to shorten it (an upward report's had one).
        Assert.Null(number.P.ParagraphProperties.Indentation);
        if (doc.Upward)
        {
            // 签发人 on the 发文字号's line, right; the name in 楷体 (7.2.5).
            Assert.EndsWith("签发人：" + doc.Signer, number.Text);
            Assert.Equal(NoticeDocxWriter.Heading2Font, number.Node.Descendants<Run>().Last(r => r.InnerText == doc.Signer).RunProperties!.RunFonts!.EastAsia!.Value);
        }

        // 主体: the title in 2号 小标宋, centred; 主送机关 under it ending in "："; the four heading levels in their fonts.
        Assert.Equal(NoticeDocxWriter.TitleFont, els[title].Run.RunFonts!.EastAsia!.Value);
        Assert.Equal("44", els[title].Run.FontSize!.Val!.Value);
        if (doc.MainRecipient is not null)
        {
            var to = At(E.MainRecipient);
            Assert.Equal(title + 2, to); // under the title, one empty line between
            Assert.Equal(doc.MainRecipient + "：", els[to].Text);
        }
        else Assert.False(doc.Upward || doc.Addressed, "an upward or addressed document names its 主送机关");
        // A notice to the public is addressed to no one, though its unit's settings name the upward reports' 主送机关.
        if (kind is "notice" or "published-notice") Assert.Equal(-1, At(E.MainRecipient));
        // Each block of the text in the font of its level: 一、黑体, （一）楷体, 1. 仿宋 bold, the rest 仿宋; all 3号.
        var paragraphs = els.Where(e => e.P is not null && e.Text.Length > 0).ToList();
        var blocks = doc.Content.Blocks.Where(b => b.Level is not (NoticeBlockLevel.Title or NoticeBlockLevel.Signature or NoticeBlockLevel.Date)).ToList();
        Assert.NotEmpty(blocks);
        foreach (var b in blocks)
        {
            var p = paragraphs.FirstOrDefault(x => x.Text == b.Text);
            Assert.True(p is not null, $"{kind}: the block “{b.Text}” is not a paragraph of its own");
            var (font, bold) = b.Level switch
            {
                NoticeBlockLevel.Heading1 => (NoticeDocxWriter.Heading1Font, false),
                NoticeBlockLevel.Heading2 => (NoticeDocxWriter.Heading2Font, false),
                NoticeBlockLevel.ProblemHeading => (NoticeDocxWriter.BodyFont, true),
                _ => (NoticeDocxWriter.BodyFont, false),
            };
            Assert.Equal(font, p.Run.RunFonts!.EastAsia!.Value);
            Assert.Equal("32", p.Run.FontSize!.Val!.Value);
            Assert.Equal(bold, p.Run.Bold is not null);
        }
        // The heading words, where the kind has headings, in their order (一、 before 二、…).
        var firsts = blocks.Where(b => b.Level == NoticeBlockLevel.Heading1).Select(b => b.Text[..b.Text.IndexOf('、')]).ToList();
        Assert.Equal(firsts.Select((_, i) => ChineseText.Numeral(i + 1)), firsts);
        if (kind is "notice" or "published-notice" or "rectification")
            Assert.Contains(blocks, b => b.Level == NoticeBlockLevel.Heading2);
        if (kind != "order") Assert.NotEmpty(firsts);
        if (doc.Attachments.Count > 0)
        {
            Assert.StartsWith("附件：", els[At(E.Attachments)].Text);
            // The text's last paragraph keeps with the 附件说明 (and it with the signature): no last page of them without text.
            Assert.All(els.Take(At(E.Attachments)).SkipWhile(e => e.Text != blocks[^1].Text), e => Assert.NotNull(e.P!.ParagraphProperties!.GetFirstChild<KeepNext>()));
        }

        // 发文机关署名 and 成文日期 (Arabic numerals), laid out for the seal: the date four characters in from the right.
        var sig = At(E.Signature);
        var date = At(E.Date);
        Assert.Equal(date - 1, sig);
        Assert.Equal(doc.Content.Issuer, els[sig].Text);
        Assert.Matches(@"^\d{4}年\d{1,2}月\d{1,2}日$", els[date].Text);
        Assert.Equal(400, els[date].P!.ParagraphProperties!.Indentation!.RightChars!.Value);
        Assert.Equal($"（联系人：{doc.ContactPerson}，电话：{doc.ContactPhone}）", els[At(E.Note)].Text);
        // 3号 仿宋, two characters in from the left (7.3.7).
        Assert.Equal(NoticeDocxWriter.BodyFont, els[At(E.Note)].Run.RunFonts!.EastAsia!.Value);
        Assert.Equal("32", els[At(E.Note)].Run.FontSize!.Val!.Value);
        Assert.Equal(200, els[At(E.Note)].P!.ParagraphProperties!.Indentation!.FirstLineChars!.Value);
        // Flush left, never justified: its telephone number does not break, and justified the line was spread letter by letter.
        Assert.Equal(JustificationValues.Left, els[At(E.Note)].P!.ParagraphProperties!.Justification!.Val!.Value);
        // So is every paragraph holding such a run (an address, a number with its extension): none is justified.
        Assert.All(els.Where(e => e.P is not null && !e.Node.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.Anchor>().Any() && Regex.IsMatch(e.Text, "[!-~]{6,}")),
            e => Assert.NotEqual(JustificationValues.Both, e.P!.ParagraphProperties?.Justification?.Val?.Value ?? JustificationValues.Both));
        // The 附注 right under the date, the issuer and date kept with it: no page ends between them (one did, the 附注 alone on the 版记's page).
        Assert.Equal(date + 1, At(E.Note));
        Assert.NotNull(els[sig].P!.ParagraphProperties!.GetFirstChild<KeepNext>());
        Assert.NotNull(els[date].P!.ParagraphProperties!.GetFirstChild<KeepNext>());
        // The published notice's QR code and its caption come after the 附注 (成文日期 → 附注 → QR), never between them.
        var qr = els.FindIndex(e => e.Node.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.DocProperties>().Any(d => d.Name == "码上监督"));
        if (kind == "published-notice")
        {
            Assert.True(qr > At(E.Note), $"the QR code (paragraph {qr}) is not after the 附注 (paragraph {At(E.Note)})");
            Assert.Equal(QrCode.NoticeUrl(PublicSite, 7), els[qr].Node.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.DocProperties>().Single().Description!.Value);
            // Beside its caption on one line right under the 附注, which keeps with it: the code never starts a page alone.
            Assert.Equal(At(E.Note) + 1, qr);
            Assert.Equal(ComposedNotice.QrCaption, els[qr].Text);
            Assert.NotNull(els[At(E.Note)].P!.ParagraphProperties!.GetFirstChild<KeepNext>());
            Assert.NotNull(els[qr].P!.ParagraphProperties!.GetFirstChild<KeepNext>());
        }
        else Assert.Equal(-1, qr);

        // 版记: the last thing of the document, in a box anchored to the foot of the text area (the last
        // page's bottom, whatever the text's length), 4号 仿宋, thick first and last rules and a thin one between.
        var last = els.Last(e => e.Node is not SectionProperties && e.Text.Length > 0).Node;
        var anchor = last.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.Anchor>().Single();
        Assert.Equal(DocumentFormat.OpenXml.Drawing.Wordprocessing.VerticalRelativePositionValues.Margin, anchor.VerticalPosition!.RelativeFrom!.Value);
        Assert.Equal("bottom", anchor.VerticalPosition.VerticalAlignment!.Text);
        Assert.NotNull(anchor.GetFirstChild<DocumentFormat.OpenXml.Drawing.Wordprocessing.WrapTopBottom>()); // the text stays above it
        var imprint = last.Descendants<Table>().Single();
        Assert.Contains($"抄送：{doc.CopyTo}。", imprint.InnerText);
        Assert.Contains(doc.Printer!, imprint.InnerText);
        // The 印发机关 on one line beside the 印发日期: its cell holds its characters and the one-character indent (4号, 280 twips a character).
        var printerCell = imprint.Descendants<TableCell>().Single(c => c.InnerText == doc.Printer);
        Assert.True(int.Parse(printerCell.TableCellProperties!.TableCellWidth!.Width!.Value!) >= (doc.Printer!.Length + 1) * 280, $"{kind}: the 印发机关 wraps");
        Assert.Contains("2023年9月8日印发", imprint.InnerText);
        var borders = imprint.GetFirstChild<TableProperties>()!.TableBorders!;
        Assert.Equal(8u, borders.TopBorder!.Size!.Value);
        Assert.Equal(8u, borders.BottomBorder!.Size!.Value);
        Assert.Equal(6u, borders.InsideHorizontalBorder!.Size!.Value);
        Assert.All(imprint.Descendants<Run>(), r => Assert.Equal("28", r.RunProperties!.FontSize!.Val!.Value));
        Assert.All(imprint.Descendants<Run>(), r => Assert.Equal(NoticeDocxWriter.BodyFont, r.RunProperties!.RunFonts!.EastAsia!.Value));

        // No half-width mark between Chinese characters anywhere in what this frame writes.
        foreach (var e in els)
            Assert.DoesNotMatch(Rectify.Tests.Notices.PunctuationScanTests.HalfWidthRegex(), e.Text);
    }

    /// <summary>
    /// Settings typed on /admin/documents with half-width marks (copied from a web page or an English
    /// keyboard) reach the 版头, the 主送机关, the 附注 and the 版记 in full-width marks; a phone number keeps its hyphen.
    /// </summary>
    [Fact]
    public void Settings_typed_with_half_width_marks_are_set_in_full_width_on_the_page()
    {
        var typed = new DocumentSettings
        {
            OrganizationId = 2, IssuerMark = "中共梅州市梅江区城北镇委员会文件", AgencyCode = "城北党", MainRecipient = "区委巡察工作领导小组,区纪委监委:",
            Sealed = true, ContactPerson = "张干事", ContactPhone = "0753-2222222", CopyTo = "区纪委监委,区委组织部;区委宣传部(区文明办)", Printer = "城北镇党政办公室",
        };
        var doc = OfficialDocument.Frame(UpwardReports.Compose(UpwardReportKind.Rectification, DemoNotice.Ledger(), "陈志强", Facts, new DateOnly(2023, 9, 8)),
            typed, "整改情况报告", upward: true, serial: 3, signer: "陈志强");
        Assert.Equal("区纪委监委，区委组织部；区委宣传部（区文明办）", doc.CopyTo);
        Assert.Equal("0753-2222222", doc.ContactPhone);

        using var word = WordprocessingDocument.Open(new MemoryStream(NoticeDocxWriter.ToBytes(doc)), false);
        var body = word.MainDocumentPart!.Document!.Body!;
        var imprint = body.Descendants<Table>().Last();
        Assert.Contains("抄送：区纪委监委，区委组织部；区委宣传部（区文明办）。", imprint.InnerText);
        Assert.Contains(body.Elements<Paragraph>(), p => p.InnerText == "区委巡察工作领导小组，区纪委监委：");
        Assert.Contains(body.Elements<Paragraph>(), p => p.InnerText == "（联系人：张干事，电话：0753-2222222）");
        foreach (var p in body.Descendants<Paragraph>())
            Assert.DoesNotMatch(Rectify.Tests.Notices.PunctuationScanTests.HalfWidthRegex(), p.InnerText);
    }

    /// <summary>
    /// Issue 16 point 9, the page images: each kind as LibreOffice prints it, its pages as PNG under
    /// .build/screenshots (gbt9704-{kind}-{page}.png) to be looked at; read back, the pages carry the frame.
    /// </summary>
    [Theory, MemberData(nameof(Kinds))]
    public async Task Each_kind_prints_as_pages_to_look_at(string kind)
    {
        var doc = Document(kind);
        // As the server prints it (PdfConverter.FileAsync): a long last paragraph printed again, split.
        var pdf = await NoticeDocxWriter.PrintAsync(doc, docx => Task.FromResult(Rectify.Tests.Import.OfficeTools.ToPdf(docx)));
        var dir = Path.Combine(Rectify.FullWidth.FullWidthSweep.FindRoot(AppContext.BaseDirectory)!, ".build", "screenshots");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"gbt9704-{kind}.pdf");
        File.WriteAllBytes(file, pdf);
        var pages = Rectify.Tests.Import.OfficeTools.ToPng(pdf, 50);
        foreach (var old in Directory.GetFiles(dir, $"gbt9704-{kind}-*.png")) File.Delete(old);
        for (var i = 0; i < pages.Count; i++) File.WriteAllBytes(Path.Combine(dir, $"gbt9704-{kind}-{i + 1}.png"), pages[i]);

        Assert.InRange(pages.Count, 1, 12);
        var text = Rectify.Core.ExternalTool.Run("pdftotext", [file, "-"], TimeSpan.FromMinutes(1)).Output;
        var flat = Regex.Replace(text, @"\s", "");
        Assert.Contains(doc.IssuerMark!, flat);
        Assert.Contains(doc.DocumentNumber!, flat);
        Assert.Contains(Regex.Replace(doc.Content.Title, @"\s", ""), flat);
        Assert.Contains("印发", flat);
    }

    /// <summary>
    /// What is kept together at the end (the last two lines of the text, 附件说明, 署名, 成文日期, 附注; the 版记 at the
    /// foot) moves to the last page without emptying the page before it: a long last paragraph is split, its last two
    /// lines go with the signature and the rest stays, so the page before has less room left than what was kept together
    /// would take; and the signature page carries text of its own above the 署名 (7.3.5: no page of signature alone).
    /// Each kind with its last paragraph made long (its text twice), with 0 to 20 lines more at its start so its end falls
    /// on every other line of the page; a long last paragraph went whole to the last page and left half a page empty.
    /// </summary>
    [Theory]
    [InlineData("rectification")]
    [InlineData("principal-leader")]
    public async Task The_page_before_the_signature_is_not_left_mostly_empty_and_the_signature_has_text_above_it(string kind)
    {
        var doc = Document(kind);
        var content = doc.Content;
        var last = content.Blocks.Last(b => b.Level is NoticeBlockLevel.Body);
        // Lines kept together at the end: the text's last two, the blank and the 附件说明, three blank lines for the seal
        // (one without), 署名, 成文日期, 附注 and the 版记's two rows (its box, a little under two lines).
        var kept = NoticeDocxWriter.LinesKeptWithSignature + (doc.Attachments.Count > 0 ? 1 + doc.Attachments.Count : 0) + (doc.Sealed ? 3 : 1) + 2 + (doc.Note is null ? 0 : 1) + 2;
        for (var extra = 0; extra <= 20; extra += 2)
        {
            var fill = Enumerable.Repeat(new NoticeBlock(NoticeBlockLevel.Body, new string('整', NoticeDocxWriter.CharsPerLine - 2)), extra);
            var blocks = content.Blocks.Select(b => ReferenceEquals(b, last) ? b with { Text = b.Text + b.Text } : b).ToList();
            var longer = doc with { Content = content with { Blocks = [blocks[0], .. fill, .. blocks.Skip(1)] } };
            var pages = Pages(await NoticeDocxWriter.PrintAsync(longer, docx => Task.FromResult(Rectify.Tests.Import.OfficeTools.ToPdf(docx))));
            var signaturePage = pages.FindIndex(p => p.Contains(content.Issuer) && p.Any(l => Regex.IsMatch(l, @"^\d{4}年\d{1,2}月\d{1,2}日$")));
            Assert.True(signaturePage > 0, $"{kind} +{extra}: no signature page after the first");
            var before = pages[signaturePage - 1];
            Assert.True(before.Count > NoticeDocxWriter.LinesPerPage - kept,
                $"{kind} +{extra}: the page before the signature holds {before.Count} lines of {NoticeDocxWriter.LinesPerPage}, with {kept} kept together");
            var sig = pages[signaturePage];
            var textAbove = sig.TakeWhile(l => l != content.Issuer).Where(l => !l.StartsWith("附件", StringComparison.Ordinal)).ToList();
            Assert.True(textAbove.Count >= 2, $"{kind} +{extra}: the signature page has no text of its own above the 署名");
        }
    }

    /// <summary>
    /// A long published notice ends on a page with text: the 码上监督 code and its caption stay with the 附注 (and it with
    /// the date, the 署名 and the text), and the 版记 with the code, wherever on its page the text ends. The demo notice
    /// (eleven pages) with 0 to 20 lines more at its start, so its end falls on every other line of the page; it went to a
    /// last page holding only the code, its caption and the 版记.
    /// </summary>
    [Fact]
    public void A_long_published_notice_ends_on_a_page_with_its_text_the_code_and_the_imprint()
    {
        var doc = Document("published-notice");
        var content = doc.Content;
        for (var extra = 0; extra <= 20; extra += 2)
        {
            // Each filler one line of 28 characters less the 2 of its indent.
            var fill = Enumerable.Repeat(new NoticeBlock(NoticeBlockLevel.Body, new string('整', NoticeDocxWriter.CharsPerLine - 2)), extra);
            var longer = doc with { Content = content with { Blocks = [content.Blocks[0], .. fill, .. content.Blocks.Skip(1)] } };
            var pages = PdfPages(NoticeDocxWriter.ToBytes(longer));
            Assert.True(pages.Count >= 3, $"{extra}: {pages.Count} pages");
            var last = pages[^1];
            Assert.Contains(ComposedNotice.QrCaption, last);
            Assert.Contains(last, l => l.StartsWith("抄送：", StringComparison.Ordinal));
            Assert.True(last.Contains(doc.Note!) && last.Contains(content.Issuer), $"{extra}: the last page holds {string.Join(" / ", last)}");
            // The 署名 has text of its own above it (7.3.5).
            var above = last.TakeWhile(l => l != content.Issuer).ToList();
            Assert.True(above.Count >= 2, $"{extra}: no text above the 署名 on the last page: {string.Join(" / ", last)}");
        }
    }

    /// <summary>The lines of each page as LibreOffice prints the document, blanks removed and page numbers left out.</summary>
    static List<List<string>> PdfPages(byte[] docx) => Pages(Rectify.Tests.Import.OfficeTools.ToPdf(docx));

    /// <summary>The lines of each page of a PDF as pdftotext reads them, blanks removed and page numbers left out.</summary>
    static List<List<string>> Pages(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"rectify-pages-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            return Rectify.Core.ExternalTool.Run("pdftotext", ["-layout", file, "-"], TimeSpan.FromMinutes(1)).Output
                .Split('\f').Select(p => p.Split('\n').Select(l => Regex.Replace(l, @"\s", "")).Where(l => l.Length > 0 && !Regex.IsMatch(l, @"^—\d+—$")).ToList())
                .Where(p => p.Count > 0).ToList();
        }
        finally { File.Delete(file); }
    }

    /// <summary>
    /// A rate in brackets ("（78.6%）") is never split over two lines in the printed summary, wherever on the line it
    /// falls: the sentence of the round summary with one more character before it each time, as LibreOffice sets it.
    /// </summary>
    [Fact]
    public void A_bracketed_rate_stays_whole_on_its_line_wherever_it_falls()
    {
        var summary = Summary(5);
        var sentence = Assert.Single(summary.Content.Blocks, b => b.Text.Contains("（78.6%）", StringComparison.Ordinal)).Text;
        var tail = sentence[sentence.IndexOf("城北镇", StringComparison.Ordinal)..];
        var blocks = Enumerable.Range(0, NoticeDocxWriter.CharsPerLine).Select(k => new NoticeBlock(NoticeBlockLevel.Body, new string('各', k) + tail)).ToList();
        var doc = summary with { Content = summary.Content with { Blocks = [summary.Content.Blocks[0], .. blocks] } };
        var file = Path.Combine(Path.GetTempPath(), $"rectify-rate-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, Rectify.Tests.Import.OfficeTools.ToPdf(NoticeDocxWriter.ToBytes(doc)));
        try
        {
            var lines = Rectify.Core.ExternalTool.Run("pdftotext", ["-layout", file, "-"], TimeSpan.FromMinutes(1)).Output.Split('\n').Select(l => Regex.Replace(l, @"\s", "")).ToList();
            Assert.Equal(blocks.Count, lines.Count(l => l.Contains("（78.6%）", StringComparison.Ordinal)));
        }
        finally { File.Delete(file); }
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
        Assert.Equal("陈志强", doc.Issuer);
        var rect = Document("rectification").Content;
        Assert.DoesNotContain(doc.Blocks.Where(b => b.Level == NoticeBlockLevel.Body && b.Text.Length > 40).Select(b => b.Text), t => rect.Blocks.Any(r => r.Text == t && !t.StartsWith("截至", StringComparison.Ordinal)));
    }

    static string Text(ComposedNotice n) => string.Join("\n", n.Blocks.Select(b => b.Text));

    /// <summary>
    /// Measures numbered by the unit in each way offices number them ("（1）", "(1)", "1、", "1．", "一是", inside
    /// a sentence) and measures not numbered: in the notice and in both upward reports no line carries two
    /// numberings ("一是（1）开展排查"), and each numbering the unit wrote is on the page as written.
    /// </summary>
    [Fact]
    public void No_measure_line_of_the_notice_or_either_report_carries_two_numberings()
    {
        string[][] numberings =
        [
            ["（1）开展排查。", "（2）建立台账。"], ["(1)开展排查。", "(2)建立台账。"], ["1、开展排查。", "2、建立台账。"],
            ["1．开展排查。", "2．建立台账。"], ["一是开展排查。", "二是建立台账。"], ["完善流程。一是加强走访。二是加强审核。", "建立台账。"],
            ["开展排查。", "建立台账。"],
        ];
        var ledger = DemoNotice.Ledger();
        var problems = ledger.AllProblems.ToList();
        for (var i = 0; i < problems.Count; i++) problems[i].Measures = [.. numberings[i % numberings.Length]];
        var composed = NoticeComposer.Compose(NoticeInput.FromLedger(ledger, shortName: "镇党委"));
        File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, "gbt9704-numbered-measures.docx"), NoticeDocxWriter.ToBytes(composed)); // for looking at the pages
        var texts = new[] { UpwardReportKind.Rectification, UpwardReportKind.PrincipalLeader }
            .Select(k => UpwardReports.Compose(k, ledger, "陈志强", Facts, new DateOnly(2023, 9, 8), new LeaderFacts("组长", [])))
            .Append(composed)
            .Select(d => (d.Title, Lines: d.Blocks.Select(b => b.Text).ToList())).ToList();
        foreach (var (title, lines) in texts)
            Assert.All(lines, l => Assert.False(NoticeClauseTests.TwoNumberingsRegex().IsMatch(l), $"{title}: “{l}” numbers a measure twice"));
        // The rectification report and the notice list every measure: the unit's numbering is kept, the rest counted.
        var report = string.Join("\n", texts[0].Lines);
        var notice = texts[2].Lines;
        Assert.Contains("整改措施：（1）开展排查；（2）建立台账。", report);
        Assert.Contains("整改措施：1、开展排查；2、建立台账。", report);
        Assert.Contains("整改措施：1．开展排查；2．建立台账。", report);
        Assert.Contains("整改措施：一是开展排查；二是建立台账。", report);
        Assert.Contains("整改措施：完善流程。一是加强走访。二是加强审核；建立台账。", report);
        foreach (var line in new[] { "整改过程：（1）开展排查。（2）建立台账。", "整改过程：1、开展排查。2、建立台账。", "整改过程：1．开展排查。2．建立台账。", "一是开展排查。", "二是建立台账。" })
            Assert.Contains(line, notice);
        Assert.Contains("整改过程：完善流程。一是加强走访。二是加强审核。", notice);
    }

    [Theory]
    [InlineData("in-progress")]
    [InlineData("completed")]
    public void Neither_report_nor_the_round_summary_says_zero_when_nothing_or_everything_is_done(string status)
    {
        var ledger = DemoNotice.Ledger();
        foreach (var p in ledger.AllProblems) { p.Status = status; p.StatusText = null; p.ResponsibleLeader = "陈志强"; }
        var nothing = new SupervisionFacts(0, 0, 0, 0, 0);
        var texts = new[] { UpwardReportKind.Rectification, UpwardReportKind.PrincipalLeader }
            .Select(k => Text(UpwardReports.Compose(k, ledger, "陈志强", nothing, new DateOnly(2023, 9, 8), new LeaderFacts(null, [])))).ToList();
        var summary = Text(Rectify.Features.Overview.OverviewApi.RoundSummary("九届区委第二轮巡察", Figures(ledger)));
        foreach (var text in texts.Append(summary))
        {
            Assert.DoesNotMatch(NoticeClauseTests.ZeroClauseRegex(), text);
            Assert.DoesNotContain("（—", text);
        }
        if (status == "in-progress")
        {
            Assert.All(texts, t => Assert.Contains("截至2023年9月8日，14个问题均正在推进。", t));
            Assert.All(texts, t => Assert.DoesNotContain("完成率", t));
            Assert.Contains("我牵头负责14个问题的整改：", texts[1]);
            Assert.Contains("城北镇14个问题正在推进。", summary);
        }
        else
        {
            Assert.All(texts, t => Assert.Contains("截至2023年9月8日，14个问题均已完成整改，整改完成率100%。", t));
            Assert.Contains("我牵头负责14个问题的整改，已全部完成：", texts[1]);
            Assert.Contains("城北镇14个问题已全部完成整改。", summary);
        }
    }

    /// <summary>A notice without aspect headings, as a town posts it.</summary>
    const string FlatNotice = """
        中共某镇委员会关于巡察整改进展情况的公告
        根据区委统一部署,2023年3月1日至4月30日,区委第三巡察组对某镇党委进行了巡察,并于2023年5月10日反馈了巡察意见。
        1.关于村级财务管理不规范的问题
        整改状态:已完成
        整改措施:建立村级财务审核制度。
        2.关于撂荒地复耕推进缓慢的问题
        整改状态:正在推进,预计2023年12月完成
        整改措施:制定复耕计划。
        某镇党委
        2023年10月8日
        """;

    /// <summary>The same of a 巡视, with aspects.</summary>
    const string XunshiNotice = """
        中共某市委员会关于省委巡视整改进展情况的通报
        根据省委统一部署,2023年3月1日至4月30日,省委第二巡视组对某市进行了巡视,并于2023年5月10日反馈了巡视意见。
        一、党的建设方面
        1.关于基层党组织建设薄弱的问题
        整改状态:已完成
        整改措施:开展软弱涣散党组织整顿。
        二、作风建设方面
        2.关于文山会海问题突出的问题
        整改状态:正在推进,预计2023年12月完成
        中共某市委员会
        2023年10月8日
        """;

    static Rectify.Core.Interchange.LedgerDocument Imported(string text) => Rectify.Core.Import.NoticeImporter.Import(System.Text.Encoding.UTF8.GetBytes(text), "公告.txt");

    [Fact]
    public void A_flat_notices_reports_count_no_placeholder_aspect()
    {
        var ledger = Imported(FlatNotice);
        Assert.Contains(ledger.Categories, c => c.Title == Rectify.Core.Interchange.CategoryItem.Uncategorised);
        foreach (var k in new[] { UpwardReportKind.Rectification, UpwardReportKind.PrincipalLeader })
        {
            var report = UpwardReports.Compose(k, ledger, "陈志强", Facts, new DateOnly(2023, 10, 8));
            var text = Text(report);
            Assert.DoesNotContain("未分类", text);
            Assert.DoesNotContain("个方面", text);
            Assert.Empty(report.Of(NoticeBlockLevel.Heading2));
            Assert.Contains("对反馈的2个问题逐项", text);
            Assert.Equal(0, report.Counts.Categories);
        }
        var rect = Text(UpwardReports.Compose(UpwardReportKind.Rectification, ledger, null, Facts, new DateOnly(2023, 10, 8)));
        Assert.Contains("某镇党委关于区委巡察反馈意见整改情况的报告", rect); // the notice named no round: the kind is said
        Assert.Contains("\n1．村级财务管理不规范\n整改状态：已完成整改。\n整改措施：建立村级财务审核制度。\n", rect); // one measure gets no 一是
    }

    [Fact]
    public void A_xunshis_reports_speak_of_xunshi_not_xuncha()
    {
        var ledger = Imported(XunshiNotice);
        Assert.Equal(InspectionKind.Xunshi, ledger.Inspection.KindOrXuncha);
        var rect = Text(UpwardReports.Compose(UpwardReportKind.Rectification, ledger, "陈志强", Facts, new DateOnly(2023, 10, 8)));
        var leader = Text(UpwardReports.Compose(UpwardReportKind.PrincipalLeader, ledger, "陈志强", Facts, new DateOnly(2023, 10, 8)));
        Assert.Contains("反馈了巡视意见", rect);
        Assert.Contains("坚持把巡视整改作为重大政治任务，细化分解为两个方面2个问题，逐项明确", rect);
        Assert.Contains("是巡视整改第一责任人", leader);
        Assert.Contains("我把巡视整改作为重大政治任务", leader);
        Assert.DoesNotContain("巡察", rect);
        Assert.DoesNotContain("巡察", leader);
        Assert.Equal(["巡视反馈问题整改台账"], UpwardReports.Attachments(UpwardReportKind.Rectification, ledger.Inspection.KindOrXuncha));
        Assert.Equal(["巡察反馈问题整改台账"], UpwardReports.Attachments(UpwardReportKind.Rectification, Imported(FlatNotice).Inspection.KindOrXuncha));
    }

    [Fact]
    public void The_round_summary_of_one_unit_names_it_without_a_list_label()
    {
        var text = string.Join("\n", Summary(5).Content.Blocks.Select(b => b.Text));
        Assert.Contains("涉及1个单位：城北镇已完成11个、共14个（78.6%）。", text);
        Assert.DoesNotContain("各单位：", text);
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
        // The round summary is an upward report like the others: its number, 签发人 and 主送机关, and no marker in the office's settings.
        Assert.Equal(["发文字号（未填写发文顺序号）"], Summary(null).Missing());
        Assert.Equal(["发文字号（梅江区的机关代字未设置）", "签发人（单位主要负责人）", "主送机关"],
            Rectify.Features.Documents.DocumentFrames.RoundSummary(Summary(5).Content, null, new Organization { Name = "梅江区", Level = OrganizationLevel.District }, null, 5).Missing());
        Assert.Equal(["联系人的“待补充”"], (Summary(5) with { ContactPerson = "待补充" }).Missing());
    }

    /// <summary>The demo ledger with the status of its 3rd and 5th problems not stated, as an imported notice leaves them.</summary>
    static (Rectify.Core.Interchange.LedgerDocument Ledger, int[] Unstated) WithUnstated()
    {
        var ledger = DemoNotice.Ledger();
        var unstated = ledger.AllProblems.Where((_, i) => i is 2 or 4).ToList();
        foreach (var p in unstated) { p.Status = RectificationStatus.NotStated.Code(); p.StatusText = null; }
        return (ledger, [.. unstated.Select(p => p.Ordinal)]);
    }

    [Theory]
    [InlineData("rectification")]
    [InlineData("principal-leader")]
    public void A_report_tells_problems_without_a_status_as_not_yet_reported_and_cannot_go_out_until_they_have_one(string code)
    {
        var kind = UpwardReports.FromCode(code)!.Value;
        var (ledger, unstated) = WithUnstated();
        var report = UpwardReports.Compose(kind, ledger, "陈志强", Facts, new DateOnly(2023, 9, 8), new LeaderFacts("组长", []));
        var text = Text(report);
        Assert.Contains("；另有2个问题尚未报送整改进展。", text);
        Assert.DoesNotContain("未说明", text);
        Assert.DoesNotMatch(NoticeClauseTests.ZeroClauseRegex(), text);
        if (kind == UpwardReportKind.Rectification)
            Assert.Contains("整改状态：尚未报送整改进展", text);

        // The clerk sees which problems before the report is submitted or signed: the refusal names them by number.
        var doc = OfficialDocument.Frame(report, Settings, kind.Chinese(), upward: true, serial: 12, signer: "陈志强",
            attachments: UpwardReports.Attachments(kind, InspectionKind.Xuncha), signedByPerson: kind == UpwardReportKind.PrincipalLeader);
        var element = $"问题{unstated[0]}、{unstated[1]}的整改状态（导入的原文没有写明，请在问题页设置）";
        Assert.Equal([element], doc.Missing());
        var draft = new UpwardReport { Kind = kind };
        var e = Assert.Throws<DomainException>(() => draft.Submit("editor", DateTimeOffset.UnixEpoch, true, doc));
        Assert.Equal($"{kind.Chinese()}还有未填写的要素，不能提交审核：{element}", e.Message);
        Assert.Equal(SignOffState.Draft, draft.State);
        var submitted = new UpwardReport { Kind = kind, State = SignOffState.Submitted, SubmittedBy = "editor" };
        Assert.Contains(element, Assert.Throws<DomainException>(() => submitted.Approve("leader", DateTimeOffset.UnixEpoch, doc)).Message);

        // With every status stated there is no such clause and nothing to set.
        var stated = UpwardReports.Compose(kind, DemoNotice.Ledger(), "陈志强", Facts, new DateOnly(2023, 9, 8), new LeaderFacts("组长", []));
        Assert.DoesNotContain("另有", Text(stated));
        Assert.DoesNotContain("尚未报送", Text(stated));
        Assert.Empty(stated.Unreported);
    }

    [Fact]
    public void A_report_of_problems_none_of_which_states_a_status_says_so_once()
    {
        var ledger = DemoNotice.Ledger();
        foreach (var p in ledger.AllProblems) { p.Status = RectificationStatus.NotStated.Code(); p.StatusText = null; }
        foreach (var k in new[] { UpwardReportKind.Rectification, UpwardReportKind.PrincipalLeader })
        {
            var text = Text(UpwardReports.Compose(k, ledger, "陈志强", Facts, new DateOnly(2023, 9, 8)));
            Assert.Contains("截至2023年9月8日，14个问题均尚未报送整改进展。", text);
            Assert.DoesNotContain("另有", text);
            Assert.DoesNotContain("未说明", text);
        }
    }

    [Fact]
    public void The_round_summary_tells_problems_without_a_status_as_not_yet_reported()
    {
        var (ledger, _) = WithUnstated();
        var text = Text(Rectify.Features.Overview.OverviewApi.RoundSummary("九届区委第二轮巡察", Figures(ledger)));
        Assert.Contains("；另有2个问题尚未报送整改进展。", text);
        Assert.DoesNotContain("未说明", text);
        Assert.DoesNotMatch(NoticeClauseTests.ZeroClauseRegex(), text);
        var stated = Text(Summary(5).Content);
        Assert.DoesNotContain("另有", stated);
        Assert.DoesNotContain("尚未报送", stated);
    }

    [Fact]
    public void The_sign_off_refuses_each_move_with_the_missing_elements_named()
    {
        var bare = Upward(UpwardReportKind.Rectification, "陈志强", null);
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
