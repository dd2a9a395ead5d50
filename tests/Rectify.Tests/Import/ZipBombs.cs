using System.IO.Compression;
using System.Text;

namespace Rectify.Tests.Import;

/// <summary>
/// Zip bombs made in the test (never committed): a well-formed .docx or .xlsx whose one part is
/// hundreds of megabytes of spaces, about 1000:1 compressed, like the 664 KB file of issue 20.
/// </summary>
public static class ZipBombs
{
    public const long Mebibyte = 1024 * 1024;

    /// <summary>word/document.xml expands to 680 MB; the file is about 0.68 MB.</summary>
    public static byte[] Docx => docx.Value;
    static readonly Lazy<byte[]> docx = new(() => DocxWith(("word/document.xml", 680 * Mebibyte)));

    /// <summary>The sheet expands to 680 MB; the file is about 0.68 MB.</summary>
    public static byte[] Xlsx => xlsx.Value;
    static readonly Lazy<byte[]> xlsx = new(() => Build(
        ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""", 0),
        ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""", 0),
        ("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="整改台账" sheetId="1" r:id="rId1"/></sheets></workbook>""", 0),
        ("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""", 0),
        ("xl/worksheets/sheet1.xml", """<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""", 680 * Mebibyte)));

    /// <summary>A .docx whose named parts are padded with that many spaces (document.xml is always there).</summary>
    public static byte[] DocxWith(params (string Part, long Padding)[] padded)
    {
        var document = """<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>第一条""";
        var parts = new List<(string, string, long)>
        {
            ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""", 0),
            ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""", 0),
            ("word/document.xml", document, padded.FirstOrDefault(p => p.Part == "word/document.xml").Padding),
        };
        parts.AddRange(padded.Where(p => p.Part != "word/document.xml").Select(p => (p.Part, "", p.Padding)));
        return Build([.. parts]);
    }

    /// <summary>Each entry: its text, then <c>Padding</c> spaces streamed through the compressor (nothing that size is held).</summary>
    public static byte[] Build(params (string Name, string Text, long Padding)[] entries)
    {
        var spaces = new byte[Mebibyte];
        Array.Fill(spaces, (byte)' ');
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text, padding) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                s.Write(Encoding.UTF8.GetBytes(text));
                for (var left = padding; left > 0; left -= spaces.Length)
                    s.Write(spaces, 0, (int)Math.Min(left, spaces.Length));
            }
        return ms.ToArray();
    }
}
