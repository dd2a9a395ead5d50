using Rectify.Core.Excel;
using Rectify.Core.Import;

namespace Rectify.Tests.Import;

/// <summary>
/// ASVS 5.3.10 and 5.5.2: an imported .docx or .xlsx whose XML declares a DTD with an external entity
/// (XXE: a file of the server, read into the import) or with entities that multiply (billion laughs) is
/// refused in Chinese or read without them; the server's file never reaches what the import returns.
/// </summary>
public sealed class XxeTests : IDisposable
{
    /// <summary>A file of the server with a marker no import could make up.</summary>
    readonly string _secret = Path.Combine(Path.GetTempPath(), "rectify-xxe-" + Guid.NewGuid().ToString("N") + ".txt");
    readonly string _marker = "SECRET-" + Guid.NewGuid().ToString("N");

    public XxeTests() => File.WriteAllText(_secret, _marker);
    public void Dispose() => File.Delete(_secret);

    string ExternalDtd(string root) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE {root} [<!ENTITY xxe SYSTEM "{new Uri(_secret).AbsoluteUri}">]>""";

    const string Laughs = """<!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>""";

    static byte[] Docx(string prolog, string text) => ZipBombs.Build(
        ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""", 0),
        ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""", 0),
        ("word/document.xml", prolog + $"""<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>一、党的建设方面</w:t></w:r></w:p><w:p><w:r><w:t>1.{text}</w:t></w:r></w:p></w:body></w:document>""", 0));

    byte[] Xlsx(string cell) => ZipBombs.Build(
        ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""", 0),
        ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""", 0),
        ("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="整改台账" sheetId="1" r:id="rId1"/></sheets></workbook>""", 0),
        ("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""", 0),
        ("xl/worksheets/sheet1.xml", ExternalDtd("worksheet") + $"""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>问题</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>1</t></is></c><c r="B2" t="inlineStr"><is><t>{cell}</t></is></c></row></sheetData></worksheet>""", 0));

    /// <summary>Whatever the import gave back, as text; or the Chinese refusal.</summary>
    static string Outcome(Func<string> import)
    {
        try { return import(); }
        catch (ImportRefusedException e) { return "refused: " + e.Message; }
    }

    [Fact]
    public void A_docx_with_an_external_entity_does_not_read_the_servers_file()
    {
        var outcome = Outcome(() => NoticeImporter.ExtractText(Docx(ExternalDtd("w:document"), "问题&xxe;"), "通报.docx").Text);
        Assert.DoesNotContain(_marker, outcome);
        // Refused, in Chinese: a Word file never declares a DTD.
        Assert.StartsWith("refused: ", outcome);
        Assert.Contains("通报.docx", outcome);
    }

    [Fact]
    public void A_docx_with_multiplying_entities_is_refused_at_once()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = Outcome(() => NoticeImporter.ExtractText(Docx("""<?xml version="1.0" encoding="UTF-8"?>""" + Laughs, "&h;"), "通报.docx").Text);
        Assert.StartsWith("refused: ", outcome);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void An_xlsx_with_an_external_entity_does_not_read_the_servers_file()
    {
        var result = LedgerWorkbook.Read(new MemoryStream(Xlsx("问题&xxe;")));
        var outcome = string.Join("\n", result.Errors.Select(e => e.Message))
            + (result.Ledger is { } ledger ? Rectify.Core.Interchange.LedgerJson.Write(ledger) : "");
        // Read or refused as a ledger, never with the file's content.
        Assert.DoesNotContain(_marker, outcome);
    }
}
