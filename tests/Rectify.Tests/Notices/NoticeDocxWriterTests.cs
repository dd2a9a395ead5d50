using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rectify.Core.Notices;

namespace Rectify.Tests.Notices;

public class NoticeDocxWriterTests
{
    static WordprocessingDocument Open(ComposedNotice n)
    {
        var ms = new MemoryStream();
        NoticeDocxWriter.Write(n, ms);
        // Kept next to the test binaries so the page rendering can be looked at.
        File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, "notice-demo.docx"), ms.ToArray());
        ms.Position = 0;
        return WordprocessingDocument.Open(ms, false);
    }

    static Body Body(WordprocessingDocument d) => d.MainDocumentPart!.Document!.Body!;

    static Paragraph ParagraphOf(WordprocessingDocument d, string startsWith) =>
        Body(d).Elements<Paragraph>().First(p => p.InnerText.StartsWith(startsWith, StringComparison.Ordinal));

    static RunProperties RunOf(Paragraph p) => p.Elements<Run>().First().RunProperties!;

    [Fact]
    public void Page_is_A4_with_the_GB_margins()
    {
        using var d = Open(DemoNotice.Composed());
        var s = Body(d).Elements<SectionProperties>().Single();
        var size = s.GetFirstChild<PageSize>()!;
        Assert.Equal(11906u, size.Width!.Value);
        Assert.Equal(16838u, size.Height!.Value);
        var m = s.GetFirstChild<PageMargin>()!;
        Assert.Equal(2098, m.Top!.Value);     // 37 mm
        Assert.Equal(1588u, m.Left!.Value);   // 28 mm
        Assert.Equal(1474u, m.Right!.Value);  // 26 mm
        Assert.Equal(1985, m.Bottom!.Value);  // 35 mm
    }

    [Fact]
    public void Grid_gives_22_lines_of_28_characters()
    {
        using var d = Open(DemoNotice.Composed());
        var grid = Body(d).Elements<SectionProperties>().Single().GetFirstChild<DocGrid>()!;
        Assert.Equal(DocGridValues.LinesAndChars, grid.Type!.Value);
        Assert.Equal(579, grid.LinePitch!.Value);
        Assert.True(22 * 579 <= 16838 - 2098 - 1985);
        Assert.True(23 * 579 > 16838 - 2098 - 1985);
        // 16 pt plus charSpace/4096 pt, times 28, fills the 8844-twip text width.
        var pitchTwips = (16m + grid.CharacterSpace!.Value / 4096m) * 20m;
        Assert.InRange(28 * pitchTwips, 8840m, 8848m);
        var spacing = ParagraphOf(d, "根据区委").ParagraphProperties!.SpacingBetweenLines!;
        Assert.Equal("579", spacing.Line!.Value);
        Assert.Equal(LineSpacingRuleValues.Exact, spacing.LineRule!.Value);
    }

    [Fact]
    public void Title_body_and_heading_fonts_and_sizes()
    {
        using var d = Open(DemoNotice.Composed());
        var title = Body(d).Elements<Paragraph>().First();
        Assert.Equal("方正小标宋简体", RunOf(title).RunFonts!.EastAsia!.Value);
        Assert.Equal("44", RunOf(title).FontSize!.Val!.Value);
        Assert.Equal(JustificationValues.Center, title.ParagraphProperties!.Justification!.Val!.Value);

        var body = ParagraphOf(d, "根据区委");
        Assert.Equal("仿宋_GB2312", RunOf(body).RunFonts!.EastAsia!.Value);
        Assert.Equal("32", RunOf(body).FontSize!.Val!.Value);
        Assert.Equal(200, body.ParagraphProperties!.Indentation!.FirstLineChars!.Value);

        var h1 = ParagraphOf(d, "一、");
        Assert.Equal("黑体", RunOf(h1).RunFonts!.EastAsia!.Value);
        Assert.Equal("32", RunOf(h1).FontSize!.Val!.Value);
        var h2 = ParagraphOf(d, "（一）");
        Assert.Equal("楷体_GB2312", RunOf(h2).RunFonts!.EastAsia!.Value);
        var problem = ParagraphOf(d, "1．对“");
        Assert.Equal("仿宋_GB2312", RunOf(problem).RunFonts!.EastAsia!.Value);
        Assert.All(new[] { h1, h2, problem }, h => Assert.NotNull(h.ParagraphProperties!.KeepNext));

        var defaults = d.MainDocumentPart!.StyleDefinitionsPart!.Styles!.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!;
        Assert.Equal("32", defaults.FontSize!.Val!.Value);
    }

    [Fact]
    public void Footers_carry_the_page_field_between_dashes_right_on_odd_and_left_on_even_pages()
    {
        using var d = Open(DemoNotice.Composed());
        Assert.NotNull(d.MainDocumentPart!.DocumentSettingsPart!.Settings!.GetFirstChild<EvenAndOddHeaders>());
        var refs = Body(d).Elements<SectionProperties>().Single().Elements<FooterReference>().ToList();
        Footer FooterOf(HeaderFooterValues type) =>
            ((FooterPart)d.MainDocumentPart.GetPartById(refs.Single(r => r.Type!.Value == type).Id!.Value!)).Footer!;
        var odd = FooterOf(HeaderFooterValues.Default);
        var even = FooterOf(HeaderFooterValues.Even);
        foreach (var f in new[] { odd, even })
        {
            Assert.Contains(f.Descendants<FieldCode>(), c => c.Text.Trim() == "PAGE");
            Assert.StartsWith("— ", f.InnerText);
            Assert.EndsWith(" —", f.InnerText);
            var run = f.Descendants<Run>().First().RunProperties!;
            Assert.Equal("宋体", run.RunFonts!.EastAsia!.Value);
            Assert.Equal("28", run.FontSize!.Val!.Value);
        }
        var op = odd.Descendants<ParagraphProperties>().Single();
        var ep = even.Descendants<ParagraphProperties>().Single();
        Assert.Equal(JustificationValues.Right, op.Justification!.Val!.Value);
        Assert.Equal("280", op.Indentation!.Right!.Value);
        Assert.Equal(JustificationValues.Left, ep.Justification!.Val!.Value);
        Assert.Equal("280", ep.Indentation!.Left!.Value);
    }

    [Fact]
    public void Signature_and_date_are_right_aligned_at_the_end_the_date_two_characters_further_right()
    {
        using var d = Open(DemoNotice.Composed());
        var ps = Body(d).Elements<Paragraph>().ToList();
        var sig = ps[^2];
        var date = ps[^1];
        Assert.Equal("中共梅州市梅江区城北镇委员会", sig.InnerText);
        Assert.Equal("2023年9月8日", date.InnerText);
        Assert.Equal("", ps[^3].InnerText); // one blank line below the text
        Assert.Equal(JustificationValues.Right, sig.ParagraphProperties!.Justification!.Val!.Value);
        Assert.Equal(200, sig.ParagraphProperties.Indentation!.RightChars!.Value);
        // The 14-character issuer starts at character 12 of 28; the date two characters further right.
        Assert.Equal(JustificationValues.Left, date.ParagraphProperties!.Justification!.Val!.Value);
        Assert.Equal(1400, date.ParagraphProperties.Indentation!.LeftChars!.Value);
        // The signature never stands alone on the last page.
        Assert.NotNull(sig.ParagraphProperties.KeepNext);
        Assert.NotNull(ps[^3].ParagraphProperties!.KeepNext);
        Assert.NotNull(ps[^4].ParagraphProperties!.KeepNext);
    }

    [Fact]
    public void Every_block_becomes_a_paragraph_in_order()
    {
        var n = DemoNotice.Composed();
        using var d = Open(n);
        var texts = Body(d).Elements<Paragraph>().Select(p => p.InnerText).Where(t => t.Length > 0).ToList();
        Assert.Equal(n.Blocks.Select(b => b.Text), texts);
        Assert.Equal(n.Title, d.PackageProperties.Title);
    }

    /// <summary>
    /// A paragraph holding a run that cannot break (a telephone number with its extension, an e-mail or web address) is
    /// set flush left: justified, the line it did not fit on was spread letter by letter. Other text stays justified.
    /// </summary>
    [Fact]
    public void A_paragraph_with_an_unbreakable_number_or_address_is_flush_left_the_rest_justified()
    {
        var n = DemoNotice.Composed();
        string[] unbreakable = ["如有意见建议，请及时向我们反映。联系人：王明，电话：0371-12345678-8001。", "电子邮箱：mjqcbz@163.com。", "详见https://xc.example.gov.cn/public。"];
        string[] breakable = ["截至2023年9月8日，已完成整改11个，整改完成率78.6%。", "建立村级财务审核制度，规范报账流程。"];
        using var d = Open(n with { Blocks = [n.Blocks[0], .. unbreakable.Concat(breakable).Select(t => new NoticeBlock(NoticeBlockLevel.Body, t)), .. n.Blocks.Skip(1)] });
        foreach (var t in unbreakable) Assert.Equal(JustificationValues.Left, ParagraphOf(d, t).ParagraphProperties!.Justification!.Val!.Value);
        foreach (var t in breakable) Assert.Equal(JustificationValues.Both, ParagraphOf(d, t).ParagraphProperties!.Justification!.Val!.Value);
    }

    [Fact]
    public void Body_paragraphs_carry_the_character_pitch_and_the_exact_line()
    {
        using var d = Open(DemoNotice.Composed());
        var p = ParagraphOf(d, "根据区委");
        Assert.False(p.ParagraphProperties!.SnapToGrid!.Val!.Value);
        var spacing = RunOf(p).Spacing!.Val!.Value;
        // 28 characters of 16 pt plus the spacing fit the 8844-twip line; 29 do not.
        Assert.True(28 * (320 + spacing) <= 8844);
        Assert.True(29 * (320 + spacing) > 8844);
    }

    [Fact]
    public void Font_table_names_the_fallbacks_for_missing_GB_fonts()
    {
        using var d = Open(DemoNotice.Composed());
        var fonts = d.MainDocumentPart!.FontTablePart!.Fonts!.Elements<Font>().ToDictionary(f => f.Name!.Value!, f => f.AltName!.Val!.Value);
        Assert.Equal("仿宋", fonts["仿宋_GB2312"]);
        Assert.Equal("楷体", fonts["楷体_GB2312"]);
        Assert.Equal("宋体", fonts["方正小标宋简体"]);
    }

    [Fact]
    public void Package_is_valid_against_the_Office_schema()
    {
        using var d = Open(DemoNotice.Composed());
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(d, TestContext.Current.CancellationToken)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
    }

    [Fact]
    public void Writes_to_a_stream_that_cannot_seek()
    {
        using var inner = new MemoryStream();
        using (var forwardOnly = new ForwardOnlyStream(inner)) NoticeDocxWriter.Write(DemoNotice.Composed(), forwardOnly);
        inner.Position = 0;
        using var d = WordprocessingDocument.Open(inner, false);
        Assert.StartsWith("中共梅州市", Body(d).InnerText);
    }

    sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
