using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

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
    public static void Write(ComposedNotice notice, Stream output)
    {
        using var buffer = new MemoryStream();
        Build(notice, buffer);
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    public static byte[] ToBytes(ComposedNotice notice)
    {
        using var buffer = new MemoryStream();
        Build(notice, buffer);
        return buffer.ToArray();
    }

    static void Build(ComposedNotice notice, Stream output)
    {
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
        foreach (var b in notice.Blocks)
        {
            switch (b.Level)
            {
                case NoticeBlockLevel.Title:
                    body.Append(Para(b.Text, TitleFont, TitleSize, JustificationValues.Center, indent: null));
                    body.Append(EmptyLine()); // 标题下空一行
                    break;
                case NoticeBlockLevel.Heading1:
                    body.Append(Para(b.Text, Heading1Font, BodySize, JustificationValues.Both, FirstLineIndent()));
                    break;
                case NoticeBlockLevel.Heading2:
                    body.Append(Para(b.Text, Heading2Font, BodySize, JustificationValues.Both, FirstLineIndent()));
                    break;
                case NoticeBlockLevel.Signature or NoticeBlockLevel.Date:
                    break; // placed together below
                default:
                    body.Append(Para(b.Text, BodyFont, BodySize, JustificationValues.Both, FirstLineIndent(), latin: LatinFont));
                    break;
            }
            // A heading never ends a page: it stays with what it heads.
            if (b.Level is NoticeBlockLevel.Heading1 or NoticeBlockLevel.Heading2 or NoticeBlockLevel.ProblemHeading)
                body.Elements<Paragraph>().Last().ParagraphProperties!.PrependChild(new KeepNext());
        }
        AppendSignature(body, notice.Issuer, ChineseText.Date(notice.Date));
        if (notice.PublicUrl is { } url) AppendQrCode(main, body, url);
        body.Append(Section(oddFooter, evenFooter));
        main.Document = new Document(body);
        main.Document.Save();
    }

    /// <summary>
    /// 7.3.5.2 (no seal): one blank line below the text; the issuer right-aligned two characters in;
    /// the date on the next line, its first character two to the right of the issuer's first;
    /// if the date is the longer, the date sits two in and the issuer moves left accordingly.
    /// </summary>
    static void AppendSignature(Body body, string issuer, string date)
    {
        // The last text paragraph, the blank line and the issuer keep together: no page holds the signature alone.
        body.Elements<Paragraph>().LastOrDefault()?.ParagraphProperties?.PrependChild(new KeepNext());
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
            body.Append(sig);
            body.Append(Para(date, BodyFont, BodySize, JustificationValues.Left, LeftIndent(CharsPerLine - 2 - sw + 2), latin: LatinFont));
        }
        else
        {
            // A date longer than the issuer sits two characters in; the issuer moves left to match.
            var sig = Para(issuer, BodyFont, BodySize, JustificationValues.Right, RightIndent(dw + 4 - sw), latin: LatinFont);
            sig.ParagraphProperties!.PrependChild(new KeepNext());
            body.Append(sig);
            body.Append(Para(date, BodyFont, BodySize, JustificationValues.Right, RightIndent(2), latin: LatinFont));
        }
    }

    /// <summary>QR code side: 25 mm in EMU (914400 a inch), large enough to scan from a notice board.</summary>
    public const long QrSideEmu = 900_000;

    /// <summary>
    /// 码上监督 after the date: the QR code of the public page, centred, and a line saying what it opens,
    /// kept together on one page.
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
        body.Append(EmptyLine());
        var picture = new Paragraph(new ParagraphProperties(new KeepNext(), new KeepLines(), new Justification { Val = JustificationValues.Center }),
            new Run(new Drawing(inline)));
        body.Append(picture);
        body.Append(Para(ComposedNotice.QrCaption, BodyFont, BodySize, JustificationValues.Center, indent: null, latin: LatinFont));
    }

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

    static Paragraph Para(string text, string font, int size, JustificationValues align, Indentation? indent, string? latin = null)
    {
        var pp = new ParagraphProperties();
        pp.Append(new SnapToGrid { Val = false });
        pp.Append(ExactLine());
        if (indent is not null) pp.Append(indent);
        pp.Append(new Justification { Val = align });
        return new Paragraph(pp, new Run(RunProps(font, size, latin), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    static RunProperties RunProps(string font, int size, string? latin = null) => new(
        new RunFonts { Ascii = latin ?? font, HighAnsi = latin ?? font, EastAsia = font, ComplexScript = latin ?? font, Hint = FontTypeHintValues.EastAsia },
        new Spacing { Val = size == BodySize ? BodyCharacterSpacing : 0 },
        new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        new FontSizeComplexScript { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });

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
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(ExactLine()))),
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
