using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Rectify.Tests.Excel;

/// <summary>
/// The warning of the Excel import when the unit already has a ledger in the round (NoticeDuplicates.FindLedgerAsync):
/// its form submitted with one of its buttons, as the browser would.
/// </summary>
static class DuplicateLedgerForm
{
    public const string AsNew = "仍作为新的一次巡察导入";
    public const string Compare = "与该台账比对";

    /// <summary>Clicks the button whose text starts with <paramref name="button"/> on the warning of <paramref name="page"/>.</summary>
    public static async Task<HttpResponseMessage> ClickAsync(HttpClient client, IDocument page, string button, CancellationToken ct)
    {
        var form = page.QuerySelector("section.import-duplicate form") ?? throw new InvalidOperationException("no duplicate warning on the page");
        var fields = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();
        var clicked = form.QuerySelectorAll("button").Single(b => b.TextContent.Trim().StartsWith(button, StringComparison.Ordinal));
        fields.Add(new(clicked.GetAttribute("name")!, clicked.GetAttribute("value")!));
        return await client.PostAsync(clicked.GetAttribute("formaction"), new FormUrlEncodedContent(fields), ct);
    }

    /// <summary>The first post of a workbook as a new inspection, warned about the unit's ledger in the round, confirmed.</summary>
    public static async Task<HttpResponseMessage> ConfirmedAsNewAsync(HttpClient client, HttpResponseMessage warned, CancellationToken ct)
    {
        if (warned.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"expected the duplicate warning, got {(int)warned.StatusCode}");
        var page = new HtmlParser().ParseDocument(await warned.Content.ReadAsStringAsync(ct));
        return await ClickAsync(client, page, AsNew, ct);
    }
}
