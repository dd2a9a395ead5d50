using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rectify.Core.Import;

namespace Rectify.Tests.Fuzz;

/// <summary>
/// The notice importer over thousands of mutated notices (text, GB18030 bytes, .docx): each is
/// read into a ledger or refused with a reason, never an unexpected exception or a hang.
/// </summary>
public class ImporterFuzzTests
{
    static readonly string[] Samples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData"), "*.txt")
        .Select(File.ReadAllText).ToArray();

    static byte[] Docx(string text)
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var body = new Body();
            foreach (var line in text.Split('\n')) body.Append(new Paragraph(new Run(new Text(line) { Space = SpaceProcessingModeValues.Preserve })));
            doc.AddMainDocumentPart().Document = new Document(body);
        }
        return ms.ToArray();
    }

    static async Task ImportOrRefuseAsync(byte[] bytes, string name, int i)
    {
        var result = await Task.Run(() =>
        {
            try { return NoticeImporter.Import(bytes, name); }
            catch (ImportRefusedException e) { Assert.False(string.IsNullOrWhiteSpace(e.Message)); return null; }
        }).WaitAsync(TimeSpan.FromSeconds(20));
        if (result is not null)
            Assert.Equal(result.AllProblems.Count(), result.Counts.Problems);
    }

    [Fact]
    public async Task Four_thousand_mutated_texts_are_read_or_refused()
    {
        Assert.True(Samples.Length >= 3);
        var mutator = new Mutator(727274);
        var gb = CodePagesEncoding();
        for (var i = 0; i < 4000; i++)
        {
            var text = mutator.MutateText(Samples[i % Samples.Length]);
            var bytes = (i % 3) switch
            {
                0 => Encoding.UTF8.GetBytes(text),
                1 => gb.GetBytes(text),
                _ => mutator.MutateBytes(Encoding.UTF8.GetBytes(text)),
            };
            await ImportOrRefuseAsync(bytes, "notice.txt", i);
        }
    }

    [Fact]
    public async Task Six_hundred_mutated_word_files_are_read_or_refused()
    {
        var mutator = new Mutator(20231108);
        var original = Docx(Samples.OrderByDescending(s => s.Length).First());
        for (var i = 0; i < 600; i++)
        {
            var bytes = mutator.Coin() ? mutator.MutateZipPart(original) : mutator.MutateBytes(original);
            await ImportOrRefuseAsync(bytes, "notice.docx", i);
        }
    }

    static Encoding CodePagesEncoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }
}
