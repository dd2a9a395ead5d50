using Rectify.Core.Excel;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Fuzz;

/// <summary>
/// The Excel import over thousands of mutated workbooks: it either reads a ledger or lists
/// errors, and never throws or hangs.
/// </summary>
public class ExcelImportFuzzTests
{
    static byte[] DemoWorkbook()
    {
        var ledger = LedgerJson.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Demo", "chengbei-2023-09-08.json")));
        using var ms = new MemoryStream();
        LedgerWorkbook.Write(ledger, "城北镇", new DateOnly(2023, 9, 8), ms);
        return ms.ToArray();
    }

    [Fact]
    public async Task Three_thousand_mutated_workbooks_are_read_or_refused_with_reasons()
    {
        var original = DemoWorkbook();
        var mutator = new Mutator(20261127);
        int read = 0, refused = 0;
        for (var i = 0; i < 3000; i++)
        {
            var bytes = mutator.Coin() ? mutator.MutateZipPart(original) : mutator.MutateBytes(original);
            var result = await Task.Run(() => LedgerWorkbook.Read(new MemoryStream(bytes))).WaitAsync(TimeSpan.FromSeconds(20));
            if (result.Succeeded) { read++; Assert.NotNull(result.Ledger); }
            else { refused++; Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message))); }
        }
        Assert.True(read > 0 && refused > 0, $"read {read}, refused {refused}: the mutations should produce both");
    }
}
