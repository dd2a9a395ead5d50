using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rectify.Core.Documents;

namespace Rectify.Core.Notices;

/// <summary>
/// Word (.docx) in the layout of GB/T 9704-2012 (党政机关公文格式): A4, text area 156 × 225 mm,
/// title 2号 方正小标宋简体, body 3号 仿宋_GB2312, "一、" 黑体, "(一)" 楷体_GB2312, 22 lines of 28
/// characters, page numbers "— N —" in 4号 宋体 (odd pages right, even pages left, one character in),
/// signature and date without seal per 7.3.5.2. A machine without the GB fonts substitutes its own.
/// </summary>
public static class NoticeDocxWriter
{
    public const string TitleFont = "方正小标宋简体";
    public const string BodyFont = "仿宋_GB2312";
    public const string Heading1Font = "黑体";
    public const string Heading2Font = "楷体_GB2312";
    public const string PageNumberFont = "宋体";
    /// <summary>Digits and Latin letters in the body, as offices set them.</summary>
    public const string LatinFont = "Times New Roman";

    /// <summary>Font sizes in half-points: 2号 22pt, 3号 16pt, 4号 14pt.</summary>
    public const int TitleSize = 44, BodySize = 32, PageNumberSize = 28;

    public const int PageWidth = 11906, PageHeight = 16838;
    public static readonly int MarginTop = Twips(37), MarginLeft = Twips(28), MarginRight = Twips(26), MarginBottom = Twips(35);
    public const int LinesPerPage = 22, CharsPerLine = 28;

    /// <summary>Text height over 22 lines, rounded down so 22 lines fit: 579 twips (28.95 pt).</summary>
    public static readonly int LinePitch = (PageHeight - MarginTop - MarginBottom) / LinesPerPage;

    /// <summary>Width of one grid character in twips: text width over 28.</summary>
    public static readonly decimal CharPitch = (decimal)(PageWidth - MarginLeft - MarginRight) / CharsPerLine;

    /// <summary>
    /// docGrid charSpace: how much each character's pitch differs from the 16 pt body size, in 1/4096 pt,
    /// so that exactly 28 characters fill a line.
    /// </summary>
    public static readonly int CharSpace = (int)Math.Round((CharPitch / 20m - BodySize / 2m) * 4096m, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Body paragraphs do not snap to the character grid but carry its pitch themselves: 16 pt less
    /// 0.3 pt (in twentieths of a point) gives 28 characters a line (28 × 15.7 pt fit the 442 pt line,
    /// 29 do not; seen in LibreOffice, not yet checked in Word or WPS). Snapping fails in LibreOffice,
    /// which gives a 16 pt glyph two 15.8 pt cells (14 characters a line); the lines come from the
    /// exact 28.95 pt spacing either way. The grid stays in the section as the declared 22 × 28 layout.
    /// </summary>
    public const int BodyCharacterSpacing = -6;

    /// <summary>The page number's top sits 7 mm below the text area (GB/T 9704 7.5): footer distance = 28 mm less a 4号 line.</summary>
    public static readonly int FooterDistance = Twips(28) - 364;

    /// <summary>1 mm = 56.7 twips, rounded half away from zero.</summary>
    public static int Twips(decimal mm) => (int)Math.Round(mm * 56.7m, MidpointRounding.AwayFromZero);

    /// <summary>Writes the whole package or nothing: it is built in memory first, so a response body (not seekable) works too.</summary>
    public static void Write(ComposedNotice notice, Stream output) => Write(OfficialDocument.Of(notice), output);

    public static void Write(OfficialDocument document, Stream output)
    {
        using var buffer = new MemoryStream();
        Build(document, buffer, keptTail: null);
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    public static byte[] ToBytes(ComposedNotice notice) => ToBytes(OfficialDocument.Of(notice));

    public static byte[] ToBytes(OfficialDocument document) => ToBytes(document, keptTail: null);

    /// <summary>
    /// The document with the text's last paragraph in two: its last <paramref name="keptTail"/> characters (its last
    /// lines as LibreOffice set them) a paragraph of their own, kept with the signature, the rest free to stay on the
    /// page before (see <see cref="PrintAsync"/>).
    /// </summary>
    static byte[] ToBytes(OfficialDocument document, int? keptTail)
    {
        using var buffer = new MemoryStream();
        Build(document, buffer, keptTail);
        return buffer.ToArray();
    }

    /// <summary>
    /// The PDF of the document, made by <paramref name="convert"/> (LibreOffice). GB/T 9704 7.3.5: the 署名 never stands
    /// on a page without text, so the text's last paragraph keeps with it; LibreOffice never splits a paragraph kept with
    /// the next, so a long last paragraph that did not fit above the signature went whole to the next page and left the
    /// page before it half empty (Word splits it and keeps only its last lines). When the last paragraph starts the
    /// signature's page, it is printed again split where LibreOffice broke its last two lines: those two keep with the
    /// signature, the rest goes back to the page before as far as there is room, each line where it was.
    /// </summary>
    public static async Task<byte[]> PrintAsync(OfficialDocument document, Func<byte[], Task<byte[]>> convert)
    {
        var pdf = await convert(ToBytes(document));
        return KeptTail(document, pdf) is { } tail ? await convert(ToBytes(document, tail)) : pdf;
    }

    /// <summary>The lines kept with the signature when a long last paragraph is split: two, as widow control keeps at least.</summary>
    public const int LinesKeptWithSignature = 2;

    /// <summary>
    /// How many characters of the text's last paragraph its last <see cref="LinesKeptWithSignature"/> lines hold, when
    /// the paragraph (of more lines than that) starts the page of the 署名 in <paramref name="pdf"/>; else null.
    /// </summary>
    static int? KeptTail(OfficialDocument document, byte[] pdf)
    {
        if (LastText(document.Content) is not { } last || last.Level is not (NoticeBlockLevel.Body or NoticeBlockLevel.Opening)) return null;
        var text = System.Text.RegularExpressions.Regex.Replace(last.Text, @"\s", "");
        var issuer = System.Text.RegularExpressions.Regex.Replace(document.Content.Issuer, @"\s", "");
        List<string>? signaturePage = null;
        try
        {
            using var pdfDocument = UglyToad.PdfPig.PdfDocument.Open(pdf);
            foreach (var page in pdfDocument.GetPages())
            {
                var lines = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value))
                    .GroupBy(l => Math.Round(l.StartBaseLine.Y))
                    .OrderByDescending(g => g.Key)
                    .Select(g => string.Concat(g.OrderBy(l => l.StartBaseLine.X).Select(l => l.Value)))
                    .ToList();
                if (lines.Contains(issuer)) signaturePage = lines;
            }
        }
        catch (UglyToad.PdfPig.Core.PdfDocumentFormatException) { return null; }
        if (signaturePage is null) return null;
        // The paragraph's lines on that page, from its first: it starts the page when a line begins it and the lines run on to its end.
        var first = signaturePage.FindIndex(l => l.Length > 0 && text.StartsWith(l, StringComparison.Ordinal));
        if (first < 0) return null;
        var (at, count) = (0, 0);
        for (var i = first; i < signaturePage.Count && at < text.Length; i++, count++)
        {
            if (string.CompareOrdinal(text, at, signaturePage[i], 0, signaturePage[i].Length) != 0) return null;
            at += signaturePage[i].Length;
        }
        if (at != text.Length || count <= LinesKeptWithSignature) return null;
        var kept = signaturePage.Skip(first + count - LinesKeptWithSignature).Take(LinesKeptWithSignature).Sum(l => l.Length);
        // Back to the paragraph as written: its last `kept` characters that are not blanks, and the blanks between them.
        var (chars, index) = (0, last.Text.Length);
        while (chars < kept && index > 0) if (!char.IsWhiteSpace(last.Text[--index])) chars++;
        return last.Text.Length - index;
    }

    /// <summary>The text's last block: the one the signature keeps with (GB/T 9704 7.3.5).</summary>
    static NoticeBlock? LastText(ComposedNotice notice) =>
        notice.Blocks.LastOrDefault(b => b.Level is not (NoticeBlockLevel.Title or NoticeBlockLevel.Signature or NoticeBlockLevel.Date));

    /// <summary>The red of the 发文机关标志 and the 版头's rule.</summary>
    public const string Red = "FF0000";
    /// <summary>4号 (14 pt) for the 版记.</summary>
    public const int ImprintSize = 28;

    static void Build(OfficialDocument document, Stream output, int? keptTail)
    {
        var notice = document.Content;
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        doc.PackageProperties.Title = notice.Title;
        doc.PackageProperties.Creator = notice.Issuer;

        var main = doc.AddMainDocumentPart();
        AddStyles(main);
        AddFontTable(main);
        AddSettings(main);
        var oddFooter = AddFooter(main, odd: true);
        var evenFooter = AddFooter(main, odd: false);

        var body = new Body();
        AppendHeader(body, document);
        foreach (var b in notice.Blocks)
        {
            switch (b.Level)
            {
                case NoticeBlockLevel.Title:
                    body.Append(Para(b.Text, TitleFont, TitleSize, JustificationValues.Center, indent: null));
                    body.Append(EmptyLine()); // 标题下空一行
                    if (!string.IsNullOrWhiteSpace(document.MainRecipient))
                        body.Append(Mark(Para(document.MainRecipient.Trim().TrimEnd('：', ':') + "：", BodyFont, BodySize, JustificationValues.Both, indent: null, latin: LatinFont), Element.MainRecipient));
                    break;
                case NoticeBlockLevel.Heading1:
                    body.Append(Para(b.Text, Heading1Font, BodySize, JustificationValues.Both, FirstLineIndent()));
                    break;
                case NoticeBlockLevel.Heading2:
                    body.Append(Para(b.Text, Heading2Font, BodySize, JustificationValues.Both, FirstLineIndent()));
                    break;
                case NoticeBlockLevel.ProblemHeading:
                    // The third level ("1.") is 仿宋 in bold (GB/T 9704 7.3.3).
                    body.Append(Para(b.Text, BodyFont, BodySize, JustificationValues.Both, FirstLineIndent(), latin: LatinFont, bold: true));
                    break;
                case NoticeBlockLevel.Signature or NoticeBlockLevel.Date:
                    break; // placed together below
                case NoticeBlockLevel.Body or NoticeBlockLevel.Opening when keptTail is > 0 and var n && n < b.Text.Length && ReferenceEquals(b, LastText(notice)):
                    // Its lines as LibreOffice set them: the head justified to its last line, which was a full line of
                    // the paragraph; the tail from the start of a line, without the first line's indent.
                    var head = b.Text[..^n];
                    body.Append(Para(head, BodyFont, BodySize, Aligned(b.Text, JustificationValues.Both) == JustificationValues.Both ? JustificationValues.Distribute : JustificationValues.Left,
                        FirstLineIndent(), latin: LatinFont));
                    body.Append(Para(b.Text[^n..], BodyFont, BodySize, Aligned(b.Text, JustificationValues.Both), indent: null, latin: LatinFont));
                    break;
                default:
                    body.Append(Para(b.Text, BodyFont, BodySize, JustificationValues.Both, FirstLineIndent(), latin: LatinFont));
                    break;
            }
            // A heading never ends a page: it stays with what it heads.
            if (b.Level is NoticeBlockLevel.Heading1 or NoticeBlockLevel.Heading2 or NoticeBlockLevel.ProblemHeading)
                body.Elements<Paragraph>().Last().ParagraphProperties!.PrependChild(new KeepNext());
        }
        AppendAttachments(body, document.Attachments);
        if (document.Sealed) AppendSealedSignature(body, notice.Issuer, ChineseText.Date(notice.Date));
        else AppendSignature(body, notice.Issuer, ChineseText.Date(notice.Date));
        if (document.Note is { } note)
        {
            // The 附注 stays under the date (7.3.7): what precedes it keeps with it, so a page never ends between them.
            KeepWithNext(body.Elements<Paragraph>().Last());
            // Flush left, never justified: a telephone number or an address does not break, and justifying the line
            // before it spread its characters across the width (“联 系 人 ： 王 明 ，”).
            body.Append(Mark(Para(note, BodyFont, BodySize, JustificationValues.Left, FirstLineIndent(), latin: LatinFont), Element.Note));
        }
        // The QR code is no element of the standard: it comes after the 附注, which belongs right under the date.
        if (notice.PublicUrl is { } url) AppendQrCode(main, body, url);
        if (document.HasImprint) body.Append(ImprintAtFoot(document));
        body.Append(Section(oddFooter, evenFooter));
        main.Document = new Document(body);
        main.Document.Save();
    }

    /// <summary>
    /// The GB/T 9704 elements of the frame. Each paragraph that holds one carries a bookmark named
    /// "GB9704_" + the element, so a reader (the checklist test, a clerk's macro) finds each element
    /// without guessing from the text; bookmarks are invisible in Word and in the PDF.
    /// </summary>
    public static class Element
    {
        public const string CopyNumber = "份号", Secrecy = "密级", Urgency = "紧急程度", IssuerMark = "发文机关标志",
            DocumentNumber = "发文字号", Signer = "签发人", HeaderRule = "版头分隔线", MainRecipient = "主送机关",
            Attachments = "附件说明", Signature = "发文机关署名", Date = "成文日期", Note = "附注", CopyTo = "抄送机关",
            Printer = "印发机关";
    }

    static int _bookmark;

    static T Mark<T>(T p, string element) where T : OpenXmlCompositeElement
    {
        var id = Interlocked.Increment(ref _bookmark).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var target = p is Paragraph para ? para : p.Descendants<Paragraph>().First();
        var after = target.ParagraphProperties is { } pp ? (OpenXmlElement)pp : null;
        var start = new BookmarkStart { Id = id, Name = "GB9704_" + element };
        if (after is null) target.PrependChild(start); else target.InsertAfter(start, after);
        target.Append(new BookmarkEnd { Id = id });
        return p;
    }

    /// <summary>Which element a paragraph was marked as (see <see cref="Element"/>), or null.</summary>
    public static string? ElementOf(Paragraph p) =>
        p.Elements<BookmarkStart>().Select(b => b.Name?.Value).FirstOrDefault(n => n?.StartsWith("GB9704_", StringComparison.Ordinal) == true)?["GB9704_".Length..];

    /// <summary>
    /// 版头 (GB/T 9704 7.2): 份号, 密级 and 紧急程度 top left in 3号 黑体; the 发文机关标志 in red 小标宋,
    /// centred; two lines below it the 发文字号 (centred, or for an upward document one character in
    /// from the left with the 签发人 one character in from the right on the same line, the name in 楷体);
    /// under it the red rule as wide as the text area. Nothing when the document has none of them.
    /// </summary>
    static void AppendHeader(Body body, OfficialDocument d)
    {
        if (!string.IsNullOrWhiteSpace(d.CopyNumber))
            body.Append(Mark(Para(d.CopyNumber.Trim(), Heading1Font, BodySize, JustificationValues.Left, indent: null, latin: LatinFont), Element.CopyNumber));
        if (!string.IsNullOrWhiteSpace(d.Secrecy))
            body.Append(Mark(Para(d.Secrecy.Trim(), Heading1Font, BodySize, JustificationValues.Left, indent: null), Element.Secrecy));
        if (!string.IsNullOrWhiteSpace(d.Urgency))
            body.Append(Mark(Para(d.Urgency.Trim(), Heading1Font, BodySize, JustificationValues.Left, indent: null), Element.Urgency));
        var number = d.DocumentNumber;
        var signer = d.Upward && !string.IsNullOrWhiteSpace(d.Signer) ? d.Signer.Trim() : null;
        if (string.IsNullOrWhiteSpace(d.IssuerMark) && number is null && signer is null) return;

        if (!string.IsNullOrWhiteSpace(d.IssuerMark))
        {
            var mark = d.IssuerMark.Trim();
            // As large as fits one line of the text area (442 pt), at most 初号 (42 pt). Fitted to 434 pt: a mark
            // that fills the line exactly (17 characters at 26 pt, "中共…纪律检查委员会文件") wraps its last character in LibreOffice.
            var size = Math.Min(84, (int)Math.Floor(2 * 434m / Math.Max(1, Width(mark))));
            var p = Para(mark, TitleFont, size, JustificationValues.Center, indent: null, color: Red);
            p.ParagraphProperties!.GetFirstChild<SpacingBetweenLines>()!.Line = ((int)Math.Max(LinePitch, size * 10 * 1.3m)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            body.Append(Mark(p, Element.IssuerMark));
            body.Append(EmptyLine());
            body.Append(EmptyLine());
        }

        Paragraph line;
        if (d.Upward)
        {
            // 发文字号 one character in from the left, 签发人 one in from the right, on one line (7.2.5): by tab
            // stops, not an indent, which would shorten the red rule under the line (it follows the indent).
            line = new Paragraph(new ParagraphProperties(
                new SnapToGrid { Val = false }, ExactLine(),
                new Tabs(new TabStop { Val = TabStopValues.Left, Position = (int)Math.Round(CharPitch) },
                    new TabStop { Val = TabStopValues.Right, Position = (int)Math.Round(CharsPerLine * CharPitch - CharPitch) }),
                new Justification { Val = JustificationValues.Left }));
            line.Append(new Run(RunProps(BodyFont, BodySize), new TabChar()));
            line.Append(TextRun(number ?? "", BodyFont, BodySize, LatinFont));
            Mark(line, Element.DocumentNumber);
            if (signer is not null)
            {
                line.Append(new Run(RunProps(BodyFont, BodySize), new TabChar()));
                line.Append(TextRun("签发人：", BodyFont, BodySize));
                line.Append(TextRun(signer, Heading2Font, BodySize));
                var id = Interlocked.Increment(ref _bookmark).ToString(System.Globalization.CultureInfo.InvariantCulture);
                line.Append(new BookmarkStart { Id = id, Name = "GB9704_" + Element.Signer }, new BookmarkEnd { Id = id });
            }
        }
        else
        {
            line = Mark(Para(number ?? "", BodyFont, BodySize, JustificationValues.Center, indent: null, latin: LatinFont), Element.DocumentNumber);
        }
        // The red rule 4 mm under the 发文字号, as wide as the text area (7.2.6).
        line.ParagraphProperties!.Append(new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Color = Red, Size = 12, Space = 11 }));
        // Borders must precede spacing in pPr order: rebuild the properties in schema order.
        Reorder(line.ParagraphProperties);
        body.Append(line);
        body.Append(EmptyLine());
        body.Append(EmptyLine()); // 标题 two lines under the rule (7.3.1)
    }

    static void Reorder(ParagraphProperties pp)
    {
        var order = new[] { typeof(KeepNext), typeof(SnapToGrid), typeof(ParagraphBorders), typeof(Tabs), typeof(SpacingBetweenLines), typeof(Indentation), typeof(Justification) };
        var kids = pp.ChildElements.ToList();
        pp.RemoveAllChildren();
        foreach (var k in kids.OrderBy(k => Array.IndexOf(order, k.GetType()) is var i and >= 0 ? i : 99)) pp.Append(k);
    }

    /// <summary>
    /// Keep-with-next, once. On the text's last paragraph it is the one rule of GB/T 9704 7.3.5 (no 署名 on a page
    /// without text): Word and WPS split such a paragraph and keep only its last lines with what follows (widow control
    /// keeps two); LibreOffice keeps it whole, which <see cref="PrintAsync"/> mends for the PDF.
    /// </summary>
    static void KeepWithNext(Paragraph? p)
    {
        if (p?.ParagraphProperties is { } pp && pp.GetFirstChild<KeepNext>() is null) pp.PrependChild(new KeepNext());
    }

    /// <summary>附件说明 (7.3.4): one blank line under the text, two characters in, "附件：1.…", later names under the first.</summary>
    static void AppendAttachments(Body body, IReadOnlyList<string> attachments)
    {
        if (attachments.Count == 0) return;
        // The text's last paragraph goes with the 附件说明 and the signature after it: a page never holds
        // them without text (7.3.5.4; the rectification report's last page held them alone).
        KeepWithNext(body.Elements<Paragraph>().LastOrDefault());
        var gap = EmptyLine();
        gap.ParagraphProperties!.PrependChild(new KeepNext());
        body.Append(gap);
        for (var i = 0; i < attachments.Count; i++)
        {
            var text = (i == 0 ? "附件：" : "") + (attachments.Count > 1 ? $"{i + 1}．" : "") + attachments[i];
            var p = Para(text, BodyFont, BodySize, JustificationValues.Both, i == 0 ? LeftIndent(2) : LeftIndent(5), latin: LatinFont);
            if (i < attachments.Count - 1) p.ParagraphProperties!.PrependChild(new KeepNext());
            body.Append(i == 0 ? Mark(p, Element.Attachments) : p);
        }
    }

    /// <summary>
    /// 7.3.5.1 (sealed): the date four characters in from the right; the issuer centred over the date;
    /// the seal (印章) pressed over both, so three blank lines are left above the issuer for it
    /// (its top within one line of the text, 4 cm across).
    /// </summary>
    static void AppendSealedSignature(Body body, string issuer, string date)
    {
        KeepWithNext(body.Elements<Paragraph>().LastOrDefault());
        for (var i = 0; i < 3; i++)
        {
            var blank = EmptyLine();
            blank.ParagraphProperties!.PrependChild(new KeepNext());
            body.Append(blank);
        }
        var sw = Width(issuer);
        var dw = Width(date);
        // Centred over the date: its right edge (dw − sw) / 2 further in than the date's; a longer issuer keeps it ≥ 0 from the edge.
        var sig = Para(issuer, BodyFont, BodySize, JustificationValues.Right, RightIndent(Math.Max(0, 4 + (dw - sw) / 2)), latin: LatinFont);
        sig.ParagraphProperties!.PrependChild(new KeepNext());
        body.Append(Mark(sig, Element.Signature));
        body.Append(Mark(Para(date, BodyFont, BodySize, JustificationValues.Right, RightIndent(4), latin: LatinFont), Element.Date));
    }

    /// <summary>
    /// 版记 (7.4) at the foot of the last page: 抄送机关 and 印发机关 with 印发日期 in 4号 仿宋, one
    /// character in from each side, between a thick first and last rule (0.35 mm) and thin rules between
    /// (0.25 mm). A table anchored to the bottom margin keeps it there whatever the text's length.
    /// </summary>
    /// <summary>One row of the 版记: an exact 18 pt line and 3 pt above and below.</summary>
    const int ImprintRowHeight = 360 + 60 + 60;

    /// <summary>
    /// The 版记 in a text box anchored to the foot of the text area of the last page, with the body's text
    /// kept above it (wrap top and bottom): Word and LibreOffice both place such a box at the foot, where
    /// they ignore a floating table's or a frame's position and set it right under the text. When the last
    /// page has no room left the text flows on and the box goes with its anchor to the next page.
    /// </summary>
    static Paragraph ImprintAtFoot(OfficialDocument d)
    {
        const long emuPerTwip = 635;
        long cx = (PageWidth - MarginLeft - MarginRight) * emuPerTwip;
        long cy = ImprintRowHeight * (string.IsNullOrWhiteSpace(d.CopyTo) ? 1 : 2) * emuPerTwip;
        var content = new TextBoxContent(Imprint(d),
            // A cell's table cannot end a text box either: the closing paragraph, as thin as can be.
            new Paragraph(new ParagraphProperties(new SnapToGrid { Val = false }, new SpacingBetweenLines { Before = "0", After = "0", Line = "20", LineRule = LineSpacingRuleValues.Exact })));
        var shape = new DocumentFormat.OpenXml.Office2010.Word.DrawingShape.WordprocessingShape(
            new DocumentFormat.OpenXml.Office2010.Word.DrawingShape.NonVisualDrawingShapeProperties { TextBox = true },
            new DocumentFormat.OpenXml.Office2010.Word.DrawingShape.ShapeProperties(
                new DocumentFormat.OpenXml.Drawing.Transform2D(
                    new DocumentFormat.OpenXml.Drawing.Offset { X = 0, Y = 0 },
                    new DocumentFormat.OpenXml.Drawing.Extents { Cx = cx, Cy = cy }),
                new DocumentFormat.OpenXml.Drawing.PresetGeometry(new DocumentFormat.OpenXml.Drawing.AdjustValueList()) { Preset = DocumentFormat.OpenXml.Drawing.ShapeTypeValues.Rectangle },
                new DocumentFormat.OpenXml.Drawing.NoFill(),
                new DocumentFormat.OpenXml.Drawing.Outline(new DocumentFormat.OpenXml.Drawing.NoFill())),
            new DocumentFormat.OpenXml.Office2010.Word.DrawingShape.TextBoxInfo2(content),
            new DocumentFormat.OpenXml.Office2010.Word.DrawingShape.TextBodyProperties(new DocumentFormat.OpenXml.Drawing.NoAutoFit())
            {
                Rotation = 0, Vertical = DocumentFormat.OpenXml.Drawing.TextVerticalValues.Horizontal, Wrap = DocumentFormat.OpenXml.Drawing.TextWrappingValues.Square,
                LeftInset = 0, TopInset = 0, RightInset = 0, BottomInset = 0, Anchor = DocumentFormat.OpenXml.Drawing.TextAnchoringTypeValues.Bottom,
            });
        var anchor = new DocumentFormat.OpenXml.Drawing.Wordprocessing.Anchor(
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.SimplePosition { X = 0, Y = 0 },
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.HorizontalPosition(new DocumentFormat.OpenXml.Drawing.Wordprocessing.PositionOffset("0"))
                { RelativeFrom = DocumentFormat.OpenXml.Drawing.Wordprocessing.HorizontalRelativePositionValues.Margin },
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.VerticalPosition(new DocumentFormat.OpenXml.Drawing.Wordprocessing.VerticalAlignment("bottom"))
                { RelativeFrom = DocumentFormat.OpenXml.Drawing.Wordprocessing.VerticalRelativePositionValues.Margin },
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.Extent { Cx = cx, Cy = cy },
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.WrapTopBottom(),
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.DocProperties { Id = 2U, Name = "版记" },
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.NonVisualGraphicFrameDrawingProperties(),
            new DocumentFormat.OpenXml.Drawing.Graphic(new DocumentFormat.OpenXml.Drawing.GraphicData(shape)
                { Uri = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape" }))
        {
            DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U, SimplePos = false,
            RelativeHeight = 2U, BehindDoc = false, Locked = false, LayoutInCell = true, AllowOverlap = false,
        };
        return new Paragraph(new ParagraphProperties(new SnapToGrid { Val = false }, new SpacingBetweenLines { Before = "0", After = "0", Line = "20", LineRule = LineSpacingRuleValues.Exact }),
            new Run(new Drawing(anchor)));
    }

    static Table Imprint(OfficialDocument d)
    {
        var width = PageWidth - MarginLeft - MarginRight;
        // The 印发机关 takes the room its characters need (and its one-character indent), the 印发日期 the rest, but
        // never less than the date needs at the narrowest (its characters, the space a renderer puts between a
        // digit and a Chinese character, a quarter each, one character in from the right and a character and a half
        // spare): halves wrapped a full name such as “中共梅州市梅江区纪律检查委员会办公室”, and with half a
        // character spare LibreOffice's fallback fonts (DejaVu's wide digits) put “发” on a line of its own.
        // The cells have no margins of their own: the one-character indents are the standard's.
        var printDate = ChineseText.Date(d.PrintDate ?? d.Content.Date) + "印发";
        var changes = printDate.Zip(printDate.Skip(1)).Count(x => char.IsAsciiDigit(x.First) != char.IsAsciiDigit(x.Second));
        var narrowestDate = (int)Math.Ceiling((Width(printDate) + 0.25m * changes + 2.5m) * ImprintSize * 10);
        var printerNeeds = (int)Math.Ceiling((Width(d.Printer?.Trim() ?? "") + 1.25m) * ImprintSize * 10);
        var dateColumn = Math.Max(narrowestDate, width - printerNeeds);
        const int thick = 8, thin = 6; // eighths of a point: 1 pt ≈ 0.35 mm, 0.75 pt ≈ 0.25 mm
        var table = new Table(new TableProperties(
            new TableWidth { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = thick },
                new BottomBorder { Val = BorderValues.Single, Size = thick },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = thin },
                new LeftBorder { Val = BorderValues.Nil }, new RightBorder { Val = BorderValues.Nil }, new InsideVerticalBorder { Val = BorderValues.Nil }),
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableCellMarginDefault(new TopMargin { Width = "0", Type = TableWidthUnitValues.Dxa }, new TableCellLeftMargin { Width = 0, Type = TableWidthValues.Dxa },
                new BottomMargin { Width = "0", Type = TableWidthUnitValues.Dxa }, new TableCellRightMargin { Width = 0, Type = TableWidthValues.Dxa })),
            new TableGrid(new GridColumn { Width = (width - dateColumn).ToString(System.Globalization.CultureInfo.InvariantCulture) }, new GridColumn { Width = dateColumn.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var oneChar = (ImprintSize * 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Paragraph P(string text, JustificationValues align, Indentation indent) => new(
            new ParagraphProperties(new SnapToGrid { Val = false },
                new SpacingBetweenLines { Before = "60", After = "60", Line = "360", LineRule = LineSpacingRuleValues.Exact }, indent, new Justification { Val = align }),
            TextRun(text, BodyFont, ImprintSize, LatinFont));
        TableCell Cell(Paragraph p, int span = 1, int column = 0)
        {
            var props = new TableCellProperties(new TableCellWidth { Width = (span == 2 ? width : column).ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa });
            if (span == 2) props.Append(new GridSpan { Val = 2 });
            return new TableCell(props, p);
        }
        if (!string.IsNullOrWhiteSpace(d.CopyTo))
        {
            // "抄送：" then the bodies, separated by 、 or ，, ending with 。
            var p = P("抄送：" + d.CopyTo.Trim().TrimEnd('。') + "。", JustificationValues.Left, new Indentation { Left = oneChar, Right = oneChar });
            table.Append(new TableRow(Cell(Mark(p, Element.CopyTo), 2)));
        }
        table.Append(new TableRow(
            Cell(Mark(P(d.Printer?.Trim() ?? "", JustificationValues.Left, new Indentation { Left = oneChar }), Element.Printer), column: width - dateColumn),
            Cell(P(printDate, JustificationValues.Right, new Indentation { Right = oneChar }), column: dateColumn)));
        return table;
    }

    static Run TextRun(string text, string font, int size, string? latin = null, bool bold = false, string? color = null) =>
        new(RunProps(font, size, latin, bold, color), new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    /// <summary>
    /// 7.3.5.2 (no seal): one blank line below the text; the issuer right-aligned two characters in;
    /// the date on the next line, its first character two to the right of the issuer's first;
    /// if the date is the longer, the date sits two in and the issuer moves left accordingly.
    /// </summary>
    static void AppendSignature(Body body, string issuer, string date)
    {
        // The last text paragraph, the blank line and the issuer keep together: no page holds the signature alone.
        KeepWithNext(body.Elements<Paragraph>().LastOrDefault());
        var blank = EmptyLine();
        blank.ParagraphProperties!.PrependChild(new KeepNext());
        body.Append(blank);

        var sw = Width(issuer);
        var dw = Width(date);
        if (dw + 2 <= sw)
        {
            // The date starts two characters right of the issuer's first. It is placed from the left,
            // since renderers add space between Chinese and digits and its width is not known here.
            var sig = Para(issuer, BodyFont, BodySize, JustificationValues.Right, RightIndent(2), latin: LatinFont);
            sig.ParagraphProperties!.PrependChild(new KeepNext());
            body.Append(Mark(sig, Element.Signature));
            body.Append(Mark(Para(date, BodyFont, BodySize, JustificationValues.Left, LeftIndent(CharsPerLine - 2 - sw + 2), latin: LatinFont), Element.Date));
        }
        else
        {
            // A date longer than the issuer sits two characters in; the issuer moves left to match.
            var sig = Para(issuer, BodyFont, BodySize, JustificationValues.Right, RightIndent(dw + 4 - sw), latin: LatinFont);
            sig.ParagraphProperties!.PrependChild(new KeepNext());
            body.Append(Mark(sig, Element.Signature));
            body.Append(Mark(Para(date, BodyFont, BodySize, JustificationValues.Right, RightIndent(2), latin: LatinFont), Element.Date));
        }
    }

    /// <summary>QR code side: 25 mm in EMU (914400 a inch), large enough to scan from a notice board (0.7 mm a module for a public page's address).</summary>
    public const long QrSideEmu = 900_000;

    /// <summary>Between the QR code and its caption: half a character.</summary>
    static readonly int QrGap = (int)Math.Round(CharPitch / 2);

    /// <summary>
    /// 码上监督 after the date and its 附注: the QR code of the public page with the line saying what it opens beside
    /// it, in one borderless row, centred: no taller than the code (two and a half lines), so on a long notice it
    /// stays on the page of the 附注 where a code above its caption and a blank line took four and a half and went
    /// to a page of its own with the 版记. The 附注 keeps with the row and the row with the 版记's paragraph, so the
    /// code never starts a page and the 版记 never stands without it.
    /// </summary>
    static void AppendQrCode(MainDocumentPart main, Body body, string url)
    {
        var image = main.AddImagePart(ImagePartType.Png);
        using (var png = new MemoryStream(QrCode.Png(url))) image.FeedData(png);
        var id = main.GetIdOfPart(image);
        var inline = new DocumentFormat.OpenXml.Drawing.Wordprocessing.Inline(
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.Extent { Cx = QrSideEmu, Cy = QrSideEmu },
            new DocumentFormat.OpenXml.Drawing.Wordprocessing.DocProperties { Id = 1U, Name = "码上监督", Description = url },
            new DocumentFormat.OpenXml.Drawing.Graphic(new DocumentFormat.OpenXml.Drawing.GraphicData(
                new DocumentFormat.OpenXml.Drawing.Pictures.Picture(
                    new DocumentFormat.OpenXml.Drawing.Pictures.NonVisualPictureProperties(
                        new DocumentFormat.OpenXml.Drawing.Pictures.NonVisualDrawingProperties { Id = 0U, Name = "qr.png" },
                        new DocumentFormat.OpenXml.Drawing.Pictures.NonVisualPictureDrawingProperties()),
                    new DocumentFormat.OpenXml.Drawing.Pictures.BlipFill(
                        new DocumentFormat.OpenXml.Drawing.Blip { Embed = id },
                        new DocumentFormat.OpenXml.Drawing.Stretch(new DocumentFormat.OpenXml.Drawing.FillRectangle())),
                    new DocumentFormat.OpenXml.Drawing.Pictures.ShapeProperties(
                        new DocumentFormat.OpenXml.Drawing.Transform2D(
                            new DocumentFormat.OpenXml.Drawing.Offset { X = 0, Y = 0 },
                            new DocumentFormat.OpenXml.Drawing.Extents { Cx = QrSideEmu, Cy = QrSideEmu }),
                        new DocumentFormat.OpenXml.Drawing.PresetGeometry { Preset = DocumentFormat.OpenXml.Drawing.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U };

        // The 附注 (or the date) keeps with the code: the code never starts a page alone.
        KeepWithNext(body.Elements<Paragraph>().Last());

        // One line: the code, a tab, the caption raised to the code's middle, the whole centred by the indent. A
        // paragraph, not a table: LibreOffice keeps a paragraph with the 版记's, where it let a table go without it.
        var side = (int)(QrSideEmu / 635); // EMU to twips
        var caption = (int)Math.Ceiling(Width(ComposedNotice.QrCaption) * (BodySize * 10 + BodyCharacterSpacing));
        var indent = Math.Max(0, (PageWidth - MarginLeft - MarginRight - side - QrGap - caption) / 2);
        string W(int twips) => twips.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var props = RunProps(BodyFont, BodySize, LatinFont);
        // Raised (in half-points) from the line's baseline at the code's foot: half the code less a character and a third
        // puts the caption's middle on the code's (seen in LibreOffice, which sets the baseline above the line's descent).
        props.InsertBefore(new Position { Val = W((int)Math.Round(QrSideEmu / 12700m - BodySize * 4m / 3m)) }, props.GetFirstChild<FontSize>());
        // An auto line (not the body's exact 28.95 pt): an exact line clips the code to one line's height.
        var row = new Paragraph(new ParagraphProperties(new KeepNext(), new SnapToGrid { Val = false },
                new Tabs(new TabStop { Val = TabStopValues.Left, Position = indent + side + QrGap }),
                new SpacingBetweenLines { Before = "0", After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto },
                new Indentation { Left = W(indent) }, new Justification { Val = JustificationValues.Left }),
            new Run(new Drawing(inline)),
            new Run(RunProps(BodyFont, BodySize, LatinFont), new TabChar()),
            new Run(props, new Text(ComposedNotice.QrCaption)));
        body.Append(row);
    }

    /// <summary>
    /// A run of Latin letters, digits and the marks inside them (“0371-12345678-8001”, “mjqcbz@163.com”, a web
    /// address) three characters wide or more: it never breaks, so the line before it ends short by up to its width.
    /// </summary>
    static readonly System.Text.RegularExpressions.Regex Unbreakable = new(@"[!-~]{6,}", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// The one alignment rule of every document: text is justified, except a paragraph holding an unbreakable run
    /// (a contact line with a long telephone number, an e-mail or web address), which is set flush left: justified,
    /// the line that the run did not fit on was stretched letter by letter across the text area. Its other lines
    /// lose nothing: 28 characters fill the grid's line either way.
    /// </summary>
    public static JustificationValues Aligned(string text, JustificationValues align) =>
        align == JustificationValues.Both && Unbreakable.IsMatch(text) ? JustificationValues.Left : align;

    /// <summary>Width in characters: CJK one, ASCII (digits in a date) half.</summary>
    static decimal Width(string s) => s.Sum(c => c < 128 ? 0.5m : 1m);

    static Indentation FirstLineIndent() => new() { FirstLineChars = 200, FirstLine = ((int)Math.Round(2 * CharPitch)).ToString(System.Globalization.CultureInfo.InvariantCulture) };

    static Indentation RightIndent(decimal chars) => new()
    {
        RightChars = (int)Math.Round(chars * 100),
        Right = ((int)Math.Round(chars * CharPitch)).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    static Indentation LeftIndent(decimal chars) => new()
    {
        LeftChars = (int)Math.Round(chars * 100),
        Left = ((int)Math.Round(chars * CharPitch)).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    static Paragraph EmptyLine() => new(new ParagraphProperties(new SnapToGrid { Val = false }, ExactLine()));

    static SpacingBetweenLines ExactLine() => new()
    {
        Before = "0",
        After = "0",
        Line = LinePitch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        LineRule = LineSpacingRuleValues.Exact,
    };

    static Paragraph Para(string text, string font, int size, JustificationValues align, Indentation? indent, string? latin = null, bool bold = false, string? color = null)
    {
        var pp = new ParagraphProperties();
        pp.Append(new SnapToGrid { Val = false });
        pp.Append(ExactLine());
        if (indent is not null) pp.Append(indent);
        pp.Append(new Justification { Val = Aligned(text, align) });
        return new Paragraph(pp, TextRun(text, font, size, latin, bold, color));
    }

    static RunProperties RunProps(string font, int size, string? latin = null, bool bold = false, string? color = null)
    {
        var rp = new RunProperties(new RunFonts { Ascii = latin ?? font, HighAnsi = latin ?? font, EastAsia = font, ComplexScript = latin ?? font, Hint = FontTypeHintValues.EastAsia });
        if (bold) rp.Append(new Bold(), new BoldComplexScript());
        if (color is not null) rp.Append(new Color { Val = color });
        rp.Append(
            new Spacing { Val = size == BodySize ? BodyCharacterSpacing : 0 },
            new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new FontSizeComplexScript { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return rp;
    }

    static void AddStyles(MainDocumentPart main)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        // The grid's charSpace is relative to the default font size, so the defaults are the body's.
        part.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, EastAsia = BodyFont, ComplexScript = LatinFont },
                    new FontSize { Val = BodySize.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    new FontSizeComplexScript { Val = BodySize.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                // Widow and orphan control: no line of a paragraph alone at the foot or the head of a page.
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new WidowControl(), ExactLine()))),
            // LibreOffice takes the grid's base character width from the Normal style's East Asian
            // size, not from the defaults; without it characters fall into two 12 pt cells each.
            new Style(
                new StyleName { Val = "Normal" },
                new PrimaryStyle(),
                new StyleParagraphProperties(new Justification { Val = JustificationValues.Both }),
                new StyleRunProperties(
                    new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, EastAsia = BodyFont, ComplexScript = LatinFont },
                    new FontSize { Val = BodySize.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    new FontSizeComplexScript { Val = BodySize.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true });
        part.Styles.Save();
    }

    /// <summary>
    /// The GB fonts with the names a current Windows or WPS has (仿宋, 楷体, 宋体, 黑体) as alternates:
    /// Word falls back to w:altName when 仿宋_GB2312 or 方正小标宋简体 is not installed, instead of a Latin font.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string AltName, FontFamilyValues Family)> FontFallbacks =
    [
        (TitleFont, "宋体", FontFamilyValues.Roman),
        (BodyFont, "仿宋", FontFamilyValues.Modern),
        (Heading1Font, "SimHei", FontFamilyValues.Modern),
        (Heading2Font, "楷体", FontFamilyValues.Modern),
        (PageNumberFont, "SimSun", FontFamilyValues.Auto),
    ];

    static void AddFontTable(MainDocumentPart main)
    {
        var part = main.AddNewPart<FontTablePart>();
        part.Fonts = new DocumentFormat.OpenXml.Wordprocessing.Fonts(FontFallbacks.Select(f => new Font(
            new AltName { Val = f.AltName },
            new FontCharSet { Val = "86" }, // GB2312
            new FontFamily { Val = f.Family },
            new Pitch { Val = FontPitchValues.Variable })
        { Name = f.Name }));
        part.Fonts.Save();
    }

    static void AddSettings(MainDocumentPart main)
    {
        var part = main.AddNewPart<DocumentSettingsPart>();
        part.Settings = new Settings(
            new DefaultTabStop { Val = (short)Math.Round(2 * CharPitch) },
            new EvenAndOddHeaders(),
            new CharacterSpacingControl { Val = CharacterSpacingValues.CompressPunctuation });
        part.Settings.Save();
    }

    /// <summary>"— N —" in 4号 宋体: odd pages right, even pages left, one character from the edge of the text area.</summary>
    static string AddFooter(MainDocumentPart main, bool odd)
    {
        var part = main.AddNewPart<FooterPart>();
        var oneChar = (PageNumberSize * 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pp = new ParagraphProperties(
            new SnapToGrid { Val = false },
            new SpacingBetweenLines { Before = "0", After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto },
            odd ? new Indentation { Right = oneChar } : new Indentation { Left = oneChar },
            new Justification { Val = odd ? JustificationValues.Right : JustificationValues.Left });
        Run R(OpenXmlElement e) => new(RunProps(PageNumberFont, PageNumberSize), e);
        part.Footer = new Footer(new Paragraph(
            pp,
            R(new Text("— ") { Space = SpaceProcessingModeValues.Preserve }),
            R(new FieldChar { FieldCharType = FieldCharValues.Begin }),
            R(new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
            R(new FieldChar { FieldCharType = FieldCharValues.Separate }),
            R(new Text("1")),
            R(new FieldChar { FieldCharType = FieldCharValues.End }),
            R(new Text(" —") { Space = SpaceProcessingModeValues.Preserve })));
        part.Footer.Save();
        return main.GetIdOfPart(part);
    }

    static SectionProperties Section(string oddFooter, string evenFooter) => new(
        new FooterReference { Type = HeaderFooterValues.Default, Id = oddFooter },
        new FooterReference { Type = HeaderFooterValues.Even, Id = evenFooter },
        new PageSize { Width = PageWidth, Height = PageHeight },
        new PageMargin
        {
            Top = MarginTop,
            Bottom = MarginBottom,
            Left = (uint)MarginLeft,
            Right = (uint)MarginRight,
            Header = (uint)Twips(15),
            Footer = (uint)FooterDistance,
            Gutter = 0,
        },
        new DocGrid { Type = DocGridValues.LinesAndChars, LinePitch = LinePitch, CharacterSpace = CharSpace });
}
