using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace Rectify.Core.Import;

/// <summary>
/// The text layer of a PDF, read with PdfPig: letters into lines in reading order (top to bottom, left
/// to right), then <see cref="PageText.Paragraphs"/>. A PDF without a usable text layer (a scan) gives
/// null and goes to OCR.
/// </summary>
public static class PdfText
{
    /// <summary>A notice runs to a few dozen pages; a PDF past this is not one (and would take long to read).</summary>
    public const int MaxPages = 300;

    public static bool IsPdf(byte[] content) => content.AsSpan().StartsWith("%PDF"u8);

    /// <summary>The page count, for a PDF that opens; refuses an encrypted, broken or overlong one.</summary>
    public static int Pages(byte[] content, string name)
    {
        using var pdf = Open(content, name);
        return pdf.NumberOfPages;
    }

    /// <summary>The paragraphs of the text layer, one a line; null when the pages carry (almost) no readable text.</summary>
    /// <param name="name">The file as messages name it, e.g. “通报.pdf” or 文件.</param>
    public static string? Read(byte[] content, string name)
    {
        using var pdf = Open(content, name);
        var lines = new List<PageLine>();
        int letters = 0, readable = 0;
        try
        {
            for (var n = 1; n <= pdf.NumberOfPages; n++)
            {
                var page = pdf.GetPage(n);
                var onPage = page.Letters.Where(l => l.TextOrientation == TextOrientation.Horizontal && l.Value.Length > 0).ToList();
                letters += onPage.Count(l => !string.IsNullOrWhiteSpace(l.Value));
                readable += onPage.Count(l => !string.IsNullOrWhiteSpace(l.Value) && IsReadable(l.Value));
                lines.AddRange(Lines(n, page.Height, onPage));
            }
        }
        catch (Exception e) when (e is not ImportRefusedException and not OutOfMemoryException)
        {
            throw Broken(name);
        }
        // A scan has no letters; a PDF whose fonts map to no Unicode has letters that read as nothing.
        if (letters < 10 * pdf.NumberOfPages || readable * 2 < letters) return null;
        return PageText.Paragraphs(lines);
    }

    static PdfDocument Open(byte[] content, string name)
    {
        PdfDocument pdf;
        try
        {
            pdf = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            _ = pdf.NumberOfPages;
        }
        catch (PdfDocumentEncryptedException)
        {
            throw new ImportRefusedException($"{name}已加密（设有打开密码），请去除密码后再导入");
        }
        // PdfPig fails on a damaged file in many ways (format, index, null, cast…); none is the user's to read.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Broken(name);
        }
        if (pdf.NumberOfPages > MaxPages)
        {
            var pages = pdf.NumberOfPages;
            pdf.Dispose();
            throw new ImportRefusedException($"{name}共 {pages} 页，超过 {MaxPages} 页的上限，不像是一份整改通报");
        }
        if (pdf.NumberOfPages == 0)
        {
            pdf.Dispose();
            throw new ImportRefusedException($"{name}是没有页面的 PDF 文件");
        }
        return pdf;
    }

    static ImportRefusedException Broken(string name) => new($"{name}看似 PDF 文件但无法读取（文件可能已损坏）");

    // Letters of CJK, Latin script, digits and punctuation; a font without a Unicode map gives private-use or control characters.
    static bool IsReadable(string value) => value.All(c => !char.IsControl(c) && !char.IsSurrogate(c) && c is not (>= '\uE000' and <= '\uF8FF') and not '\uFFFD');

    /// <summary>
    /// Letters sharing a baseline (within half a character) make a line, read left to right. A space the
    /// PDF draws is kept; a gap of a fifth of a character between two Latin letters is a space too, and one
    /// of a character and a half anywhere (a tab between a label and its value).
    /// </summary>
    static IEnumerable<PageLine> Lines(int page, double height, List<Letter> letters)
    {
        var rows = new List<List<Letter>>();
        foreach (var letter in letters.OrderByDescending(l => l.StartBaseLine.Y))
        {
            var row = rows.Count > 0 ? rows[^1] : null;
            if (row is null || Math.Abs(row[0].StartBaseLine.Y - letter.StartBaseLine.Y) > 0.5 * Size(row[0])) rows.Add([letter]);
            else row.Add(letter);
        }
        foreach (var all in rows)
        {
            all.Sort((a, b) => a.StartBaseLine.X.CompareTo(b.StartBaseLine.X));
            var row = all.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
            if (row.Count == 0) continue;
            var size = row.Select(Size).Order().ElementAt(row.Count / 2);
            var text = new System.Text.StringBuilder();
            Letter? previous = null;
            var spaced = false;
            foreach (var letter in all)
            {
                if (string.IsNullOrWhiteSpace(letter.Value)) { spaced = previous is not null; continue; }
                if (previous is not null)
                {
                    var gap = letter.StartBaseLine.X - previous.EndBaseLine.X;
                    if (spaced || gap > 1.5 * size || (gap > 0.2 * size && PageText.NeedsSpace(text[^1], letter.Value[0]))) text.Append(' ');
                }
                text.Append(letter.Value);
                previous = letter;
                spaced = false;
            }
            var top = height - row.Max(l => l.StartBaseLine.Y) - size;
            yield return new PageLine(page, height, row[0].StartBaseLine.X, row[^1].EndBaseLine.X, top, size, text.ToString());
        }
    }

    // The point size as drawn; a glyph's height when the size is not given.
    static double Size(Letter l) => l.PointSize > 0 ? l.PointSize : Math.Max(1, l.BoundingBox.Height);
}
