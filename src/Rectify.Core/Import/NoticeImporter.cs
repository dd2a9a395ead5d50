using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rectify.Core.Interchange;

namespace Rectify.Core.Import;

/// <summary>What the bytes of an uploaded notice turned out to be.</summary>
public enum NoticeFormat { Text, Docx, Html, Xlsx, Pdf, Scan }

/// <summary>The text of a notice file; <see cref="Ocr"/> when it was read from images (a scanned PDF, a photo).</summary>
public sealed record ExtractedNotice(string Text, NoticeFormat Format, OcrResult? Ocr = null);

/// <summary>
/// Imports a notice file: plain text (UTF-8, GB18030/GBK, UTF-16 with BOM), .docx, a saved web page, or an
/// .xlsx holding the problems as a table (<see cref="ProblemTable"/>).
/// The format is told by content, never by the file name; files that are not notices are refused
/// with an <see cref="ImportRefusedException"/>.
/// </summary>
public static class NoticeImporter
{
    static NoticeImporter() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <param name="fileName">Only used in messages; the content decides the format.</param>
    /// <param name="limits">What a .docx may expand to; <see cref="ArchiveLimits.Default"/> unless given.</param>
    public static LedgerDocument Import(byte[] content, string? fileName = null, ArchiveLimits? limits = null) =>
        Parse(Read(content, fileName, limits));

    /// <summary>The notice's text, one paragraph a line, and the format it came in.</summary>
    public static (string Text, NoticeFormat Format) ExtractText(byte[] content, string? fileName = null, ArchiveLimits? limits = null)
    {
        var read = Read(content, fileName, limits);
        return (read.Text, read.Format);
    }

    /// <summary>The parsed ledger, with an audit notice's amounts per problem; text read by OCR carries an <c>ocr</c> finding with the mean confidence.</summary>
    public static LedgerDocument Parse(ExtractedNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        NoticeLanguage.Check(notice.Text);
        var doc = NoticeParser.Parse(notice.Text);
        AuditAmounts.Read(doc);
        if (notice.Ocr is { } ocr)
            doc.Findings.Insert(0, new Finding("ocr", Finding.Warning,
                $"文字由扫描图像识别（OCR，{ocr.Pages.Count} 页），平均置信度 {ocr.MeanConfidence:0.#}%，请对照原图逐项核对"));
        return doc;
    }

    /// <summary>The notice's text and format, and for a scan what OCR made of it.</summary>
    public static ExtractedNotice Read(byte[] content, string? fileName = null, ArchiveLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = string.IsNullOrEmpty(fileName) ? "文件" : $"“{fileName}”";
        if (content.Length == 0) throw new ImportRefusedException($"{name}是空文件");
        if (StartsWith(content, 0x50, 0x4B, 0x03, 0x04)) { var (zipText, zipFormat) = ZipText(content, name, limits); return new(zipText, zipFormat); }
        if (StartsWith(content, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1))
            throw new ImportRefusedException($"{name}是旧版 Office 文件（.xls 电子表格或 .doc），请另存为 .docx 或纯文本后导入");
        if (PdfText.IsPdf(content))
        {
            if (PdfText.Read(content, name) is { } pdfText) return new(pdfText, NoticeFormat.Pdf);
            var ocr = OcrText.ReadPdf(content, name, PdfText.Pages(content, name));
            return new(ocr.Text, NoticeFormat.Scan, ocr);
        }
        if (OcrText.IsPng(content) || OcrText.IsJpeg(content))
        {
            var ocr = OcrText.ReadImage(content, name);
            return new(ocr.Text, NoticeFormat.Scan, ocr);
        }

        var text = Decode(content, name);
        if (string.IsNullOrWhiteSpace(text)) throw new ImportRefusedException($"{name}没有文字内容");
        if (HtmlText.LooksLikeHtml(text)) return new(HtmlText.ToPlainText(text), NoticeFormat.Html);
        return new(text, NoticeFormat.Text);
    }

    /// <summary>
    /// The fingerprint of a notice's text, to tell a second import of the same notice: SHA-256 (hex) over its
    /// lines trimmed, blank lines dropped and runs of spaces made one, since a copy saved or pasted again
    /// differs in these only.
    /// </summary>
    public static string SourceHash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n').Select(l => string.Join(' ', l.Split([' ', '\t', '\r', '\u3000', '\u00A0'], StringSplitOptions.RemoveEmptyEntries)))
            .Where(l => l.Length > 0);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))));
    }

    /// <summary>By BOM, else strict UTF-8 if the bytes are valid UTF-8, else GB18030 (which covers GBK and GB2312).</summary>
    public static string Decode(byte[] content, string name = "文件")
    {
        string text;
        if (StartsWith(content, 0xEF, 0xBB, 0xBF)) text = Encoding.UTF8.GetString(content, 3, content.Length - 3);
        else if (StartsWith(content, 0xFF, 0xFE)) text = Encoding.Unicode.GetString(content, 2, content.Length - 2);
        else if (StartsWith(content, 0xFE, 0xFF)) text = Encoding.BigEndianUnicode.GetString(content, 2, content.Length - 2);
        else
        {
            if (content.Contains((byte)0)) throw new ImportRefusedException($"{name}是二进制文件，不是文本、Word 或网页");
            try { text = new UTF8Encoding(false, true).GetString(content); }
            catch (DecoderFallbackException) { text = Encoding.GetEncoding("GB18030").GetString(content); }
        }
        var control = text.Count(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t') || c == '\uFFFD');
        if (control > Math.Max(2, text.Length / 100)) throw new ImportRefusedException($"{name}是二进制文件或编码无法识别，不是文本、Word 或网页");
        return text.Replace("\r\n", "\n").Replace('\r', '\n');
    }

    // A .docx is a zip holding word/document.xml; an .xlsx one holding xl/workbook.xml.
    private static (string Text, NoticeFormat Format) ZipText(byte[] content, string name, ArchiveLimits? limits)
    {
        // Before anything expands a part: a bomb is refused here, within its limits.
        ArchiveGuard.Check(content, name, limits);
        using (var probe = OpenZip(content, name))
        {
            bool hasDocument, hasWorkbook;
            // The directory is read lazily: a damaged one shows up only here (found by fuzzing).
            try { (hasDocument, hasWorkbook) = (probe.GetEntry("word/document.xml") is not null, probe.GetEntry("xl/workbook.xml") is not null); }
            catch (InvalidDataException) { throw new ImportRefusedException($"{name}是损坏的压缩文件"); }
            if (!hasDocument && !hasWorkbook) throw new ImportRefusedException($"{name}是压缩文件但不是 Word 文档（.docx）");
            if (!hasDocument) return (XlsxNotice.Text(content, name), NoticeFormat.Xlsx);
        }
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var word = WordprocessingDocument.Open(stream, false);
            var body = word.MainDocumentPart?.Document?.Body;
            if (body is null) return ("", NoticeFormat.Docx);
            var main = word.MainDocumentPart!;
            var numbering = new DocxNumbering(main.NumberingDefinitionsPart?.Numbering, main.StyleDefinitionsPart?.Styles);
            return (string.Join("\n", DocxBody.Lines(body, numbering)), NoticeFormat.Docx);
        }
        // A damaged package fails in many ways (fuzzing found a relationship to a missing part, bad URIs…).
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or IOException
                                      or InvalidOperationException or UriFormatException or ArgumentException or FormatException or NotSupportedException)
        {
            throw new ImportRefusedException($"{name}看似 Word 文档但无法读取（文件可能已损坏）");
        }
    }

    private static ZipArchive OpenZip(byte[] content, string name)
    {
        try { return new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read); }
        catch (InvalidDataException) { throw new ImportRefusedException($"{name}是损坏的压缩文件"); }
    }

    private static bool StartsWith(byte[] content, params byte[] magic) =>
        content.Length >= magic.Length && content.AsSpan(0, magic.Length).SequenceEqual(magic);
}
