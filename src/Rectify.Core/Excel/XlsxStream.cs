using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rectify.Core.Excel;

/// <summary>
/// An .xlsx written part after part straight into its zip (<see cref="ZipArchiveMode.Create"/>), each
/// sheet row by row through <see cref="OpenXmlWriter"/>: what is held is one row, whatever the number
/// of rows. The SDK's own package cannot do this: opened for writing only it refuses to work
/// ("Cannot retrieve parts of writeonly container"), and opened read-write its zip keeps every part
/// whole in memory until the end. The parts and their relationships are the few a workbook of plain
/// sheets needs; the elements themselves are the SDK's.
/// </summary>
sealed class XlsxStream(Stream output) : IDisposable
{
    const string Main = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    readonly ZipArchive _zip = new(output, ZipArchiveMode.Create, leaveOpen: true);
    readonly List<string> _sheets = [];

    /// <summary>Writes the next sheet: <paramref name="write"/> gets a writer positioned in an empty part.</summary>
    public void Sheet(string name, Action<OpenXmlWriter> write)
    {
        _sheets.Add(name);
        using var stream = _zip.CreateEntry($"xl/worksheets/sheet{_sheets.Count}.xml", CompressionLevel.Optimal).Open();
        using var writer = OpenXmlWriter.Create(stream, new UTF8Encoding(false));
        writer.WriteStartDocument(true);
        write(writer);
        writer.Close();
    }

    /// <summary>The workbook (its sheets, in the order written, and <paramref name="names"/>), the styles, and the package's relationships.</summary>
    public void Finish(Stylesheet? styles, DefinedNames? names = null)
    {
        var sheets = new Sheets(_sheets.Select((n, i) => new Sheet { Name = n, SheetId = (uint)i + 1, Id = $"rId{i + 1}" }));
        var book = new Workbook(sheets);
        if (names is not null) book.Append(names);
        Part("xl/workbook.xml", book);
        if (styles is not null) Part("xl/styles.xml", styles);

        var rels = new StringBuilder();
        for (var i = 1; i <= _sheets.Count; i++)
            rels.Append($"<Relationship Id=\"rId{i}\" Type=\"{Main}/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>");
        if (styles is not null) rels.Append($"<Relationship Id=\"rIdStyles\" Type=\"{Main}/styles\" Target=\"styles.xml\"/>");
        Text("xl/_rels/workbook.xml.rels", Relationships(rels.ToString()));
        Text("_rels/.rels", Relationships($"<Relationship Id=\"rId1\" Type=\"{Main}/officeDocument\" Target=\"xl/workbook.xml\"/>"));

        const string ml = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
        var types = new StringBuilder("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
            .Append("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
            .Append("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
            .Append($"<Override PartName=\"/xl/workbook.xml\" ContentType=\"{ml}sheet.main+xml\"/>");
        for (var i = 1; i <= _sheets.Count; i++)
            types.Append($"<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"{ml}worksheet+xml\"/>");
        if (styles is not null) types.Append($"<Override PartName=\"/xl/styles.xml\" ContentType=\"{ml}styles+xml\"/>");
        Text("[Content_Types].xml", types.Append("</Types>").ToString());
    }

    static string Relationships(string inner) =>
        $"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{inner}</Relationships>";

    void Part(string path, OpenXmlPartRootElement root)
    {
        using var stream = _zip.CreateEntry(path, CompressionLevel.Optimal).Open();
        root.Save(stream);
    }

    void Text(string path, string xml)
    {
        using var stream = _zip.CreateEntry(path, CompressionLevel.Optimal).Open();
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" + xml);
        stream.Write(bytes);
    }

    public void Dispose() => _zip.Dispose();
}
