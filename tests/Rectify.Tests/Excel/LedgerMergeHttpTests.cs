using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Core.Excel;
using Rectify.Core.Interchange;
using Rectify.Features.Inspections;
using Rectify.Features.Ledger;
using Rectify.Tests.Web;

namespace Rectify.Tests.Excel;

/// <summary>
/// The ledger's own workbook imported back into its inspection (issue 19 item 3): unchanged it changes nothing and
/// the preview says so; rows already in the ledger are marked with their changed columns, to update or skip; the
/// updates go through the single edit's rules with history and audit, refused rows are listed with the reason.
/// </summary>
public class LedgerMergeHttpTests : IAsyncLifetime
{
    readonly RectifyApp _app;
    readonly bool _postgres;
    public LedgerMergeHttpTests() : this(postgres: false) { }

    protected LedgerMergeHttpTests(bool postgres)
    {
        _postgres = postgres;
        _app = new RectifyApp(postgres ? RectifyApp.ConfiguredPostgres : null);
    }

    public ValueTask InitializeAsync()
    {
        if (_postgres) RectifyApp.PostgresServer(); // skipped without PostgreSQL
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly HtmlParser Html = new();

    async Task<(HttpClient Client, byte[] Exported)> ExportAsync()
    {
        var client = await _app.SignedInClientAsync();
        return (client, await client.GetByteArrayAsync("/inspections/1/export.xlsx", Ct));
    }

    static async Task<IDocument> UploadAsync(HttpClient client, byte[] workbook, string? target = null)
    {
        var form = await client.GetStringAsync("/inspections/import-xlsx", Ct);
        var content = new MultipartFormDataContent { { new StringContent(RectifyApp.AntiforgeryToken(form)), "__RequestVerificationToken" } };
        if (target is not null) content.Add(new StringContent(target), "Target");
        var bytes = new ByteArrayContent(workbook);
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(bytes, "Upload", "台账.xlsx");
        var r = await client.PostAsync("/inspections/import-xlsx", content, Ct);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return Html.ParseDocument(await r.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Submits the preview's form as the browser would (hidden fields, the selected target, the checked radios), with some choices changed.</summary>
    static async Task<IDocument> ApplyAsync(HttpClient client, IDocument preview, IReadOnlyDictionary<int, string>? choices = null)
    {
        var form = preview.QuerySelector("section.merge-preview form")!;
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[type=hidden]"))
            fields.Add(new(input.GetAttribute("name")!, input.GetAttribute("value") ?? ""));
        foreach (var select in form.QuerySelectorAll("select"))
            fields.Add(new(select.GetAttribute("name")!, select.QuerySelector("option[selected]")?.GetAttribute("value") ?? ""));
        foreach (var radio in form.QuerySelectorAll("input[type=radio]"))
        {
            var name = radio.GetAttribute("name")!;
            var ordinal = int.Parse(name["Choice[".Length..^1]);
            var value = radio.GetAttribute("value")!;
            var chosen = choices is not null && choices.TryGetValue(ordinal, out var c) ? c == value : radio.HasAttribute("checked");
            if (chosen) fields.Add(new(name, value));
        }
        var r = await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields), Ct);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return Html.ParseDocument(await r.Content.ReadAsStringAsync(Ct));
    }

    static Dictionary<int, IElement> Rows(IDocument page) =>
        page.QuerySelectorAll("table.merge-rows tbody tr").ToDictionary(tr => int.Parse(tr.GetAttribute("data-ordinal")!));

    /// <summary>The exported workbook edited as an office would: the sheet read, some cells changed, written back with its inspection's name kept.</summary>
    static byte[] Edited(byte[] exported, Action<LedgerDocument> edit)
    {
        var read = LedgerWorkbook.Read(new MemoryStream(exported));
        Assert.Equal(1, read.InspectionId);
        var doc = read.Ledger!;
        edit(doc);
        using var buffer = new MemoryStream();
        LedgerWorkbook.Write(doc.WithComputedCounts(), "城北镇", new DateOnly(2024, 1, 10), buffer, inspectionId: read.InspectionId);
        return buffer.ToArray();
    }

    async Task<string> LedgerAsJsonAsync()
    {
        await using var db = _app.CreateDb();
        return LedgerJson.Write((await LedgerTransfer.ExportAsync(db, 1, Ct))!);
    }

    [Fact]
    public async Task The_ledgers_own_workbook_imported_back_unchanged_changes_nothing_and_the_preview_says_与台账一致()
    {
        // Every field an office keeps in Excel, in every kind and status: none reads back as a change.
        await using (var db = _app.CreateDb())
            await EveryField.FillAsync(db, 1, Ct);
        var (client, exported) = await ExportAsync();
        int inspections, changes, audit;
        await using (var db = _app.CreateDb())
            (inspections, changes, audit) = (await db.Inspections.CountAsync(Ct), await db.ProblemChanges.CountAsync(Ct), await db.AuditEntries.CountAsync(Ct));
        var before = await LedgerAsJsonAsync();

        // No target chosen: the workbook names the inspection it came from.
        var page = await UploadAsync(client, exported);
        var summary = page.QuerySelector(".merge-summary")!.TextContent;
        Assert.Contains("与台账一致", summary);
        Assert.Contains("14 个问题均与台账相同", summary);
        Assert.Contains("城北镇", page.QuerySelector("#preview-title")!.TextContent);
        Assert.All(Rows(page).Values, tr => Assert.Equal("unchanged", tr.ClassName));
        Assert.Empty(page.QuerySelectorAll("section.merge-preview input[type=radio]"));

        // Sent anyway: nothing is written.
        var done = await ApplyAsync(client, page);
        Assert.Contains("已保存 0 行", done.QuerySelector(".import-results [role=status]")!.TextContent);
        Assert.Equal(before, await LedgerAsJsonAsync());
        await using (var db = _app.CreateDb())
        {
            Assert.Equal(inspections, await db.Inspections.CountAsync(Ct));
            Assert.Equal(changes, await db.ProblemChanges.CountAsync(Ct));
            Assert.Equal(audit, await db.AuditEntries.CountAsync(Ct));
        }
    }

    [Fact]
    public async Task Rows_already_in_the_ledger_show_their_changed_columns_and_are_updated_or_skipped_as_chosen_refused_ones_with_the_reason()
    {
        int p2, p3;
        await using (var db = _app.CreateDb())
        {
            var three = await db.Problems.SingleAsync(p => p.InspectionId == 1 && p.Ordinal == 3, Ct);
            three.SetDeadline(new DateOnly(2024, 6, 30));
            await db.SaveChangesAsync(Ct);
            p2 = await db.Problems.Where(p => p.InspectionId == 1 && p.Ordinal == 2).Select(p => p.Id).SingleAsync(Ct);
            p3 = three.Id;
        }
        var (client, exported) = await ExportAsync();
        var workbook = Edited(exported, doc =>
        {
            var all = doc.AllProblems.ToList();
            var two = all.Single(p => p.Ordinal == 2);
            two.ResponsibleLeader = "王新";
            two.Measures.Add("建立月度复核制度");
            two.MeasureDetails = [.. (two.MeasureDetails ?? two.Measures.Take(two.Measures.Count - 1).Select(_ => (MeasureDetail?)null).ToList()), new MeasureDetail("李四", new DateOnly(2024, 5, 31), null)];
            // A deadline already set changes only by an approved extension: the entity refuses this row.
            all.Single(p => p.Ordinal == 3).Deadline = new DateOnly(2024, 12, 31);
            all.Single(p => p.Ordinal == 4).Remarks = "跳过这一行";
            doc.Categories[0].Problems.Add(new ProblemItem { Ordinal = 15, Title = "新发现的问题", Status = RectificationStatus.InProgress.Code() });
        });

        var page = await UploadAsync(client, workbook);
        var rows = Rows(page);
        Assert.Contains("有改动 3 个，新增 1 个", page.QuerySelector(".merge-summary")!.TextContent);
        Assert.Equal("changed", rows[2].ClassName);
        Assert.Contains("有改动：整改措施、责任领导", rows[2].TextContent);
        Assert.Contains("整改时限", rows[3].TextContent);
        Assert.Contains("备注", rows[4].TextContent);
        Assert.Equal("new", rows[15].ClassName);
        Assert.Equal("unchanged", rows[1].ClassName);
        // Every changed or new row offers update or skip, update chosen unless the user says otherwise.
        Assert.Equal("update", rows[2].QuerySelector("input[type=radio][checked]")!.GetAttribute("value"));

        var done = await ApplyAsync(client, page, new Dictionary<int, string> { [4] = "skip" });
        var results = done.QuerySelectorAll("table.merge-results tbody tr").ToDictionary(tr => int.Parse(tr.Children[0].TextContent));
        Assert.Equal("saved", results[2].ClassName);
        Assert.Equal("refused", results[3].ClassName);
        Assert.Contains("整改时限已定为 2024-06-30", results[3].TextContent);
        Assert.Equal("skipped", results[4].ClassName);
        Assert.Equal("saved", results[15].ClassName);
        Assert.Contains("已保存 2 行，未通过 1 行，跳过 1 行", done.QuerySelector(".import-results [role=status]")!.TextContent);

        await using (var db = _app.CreateDb())
        {
            var two = await db.Problems.Include(p => p.Measures).SingleAsync(p => p.Id == p2, Ct);
            Assert.Equal("王新", two.ResponsibleLeader);
            var added = two.Measures.OrderBy(m => m.Ordinal).Last();
            Assert.Equal(("建立月度复核制度", "李四", (DateOnly?)new DateOnly(2024, 5, 31)), (added.Text, added.Owner, added.Deadline));
            // History and audit per problem, as a single edit writes them.
            Assert.True(await db.ProblemChanges.AnyAsync(c => c.ProblemId == p2 && c.Field == nameof(Problem.ResponsibleLeader) && c.After == "王新", Ct));
            Assert.True(await db.ProblemChanges.AnyAsync(c => c.ProblemId == p2 && c.Field == "Measures" && c.After!.Contains("建立月度复核制度"), Ct));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(Problem) && a.EntityKey == p2.ToString() && a.After!.Contains("王新"), Ct));
            // The refused row wrote nothing; the skipped one neither.
            Assert.Equal(new DateOnly(2024, 6, 30), (await db.Problems.SingleAsync(p => p.Id == p3, Ct)).Deadline);
            Assert.Null((await db.Problems.SingleAsync(p => p.InspectionId == 1 && p.Ordinal == 4, Ct)).Remarks);
            var fresh = await db.Problems.SingleAsync(p => p.InspectionId == 1 && p.Ordinal == 15, Ct);
            Assert.Equal(("新发现的问题", RectificationStatus.InProgress), (fresh.Title, fresh.Status));
            Assert.Equal(1, await db.Inspections.CountAsync(Ct));
        }
    }

    [Fact]
    public async Task The_preview_keeps_every_choice_when_it_shows_an_error_and_writes_nothing()
    {
        var (client, exported) = await ExportAsync();
        var workbook = Edited(exported, doc =>
        {
            foreach (var p in doc.AllProblems.Where(p => p.Ordinal is 5 or 6 or 7)) p.ResponsiblePerson = "赵六";
        });
        var page = await UploadAsync(client, workbook);
        // Someone saves problem 6 between the preview and the import.
        await using (var db = _app.CreateDb())
        {
            var six = await db.Problems.SingleAsync(p => p.InspectionId == 1 && p.Ordinal == 6, Ct);
            six.Remarks = "他人的修改";
            await db.SaveChangesAsync(Ct);
        }
        var before = await LedgerAsJsonAsync();
        var again = await ApplyAsync(client, page, new Dictionary<int, string> { [5] = "skip", [6] = "update", [7] = "skip" });
        Assert.Contains("问题 6 已被修改", again.QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(before, await LedgerAsJsonAsync());
        var rows = Rows(again);
        string Checked(int o) => rows[o].QuerySelector("input[type=radio][checked]")!.GetAttribute("value")!;
        Assert.Equal(("skip", "update", "skip"), (Checked(5), Checked(6), Checked(7)));
        Assert.Contains("备注", rows[6].TextContent); // compared afresh: the other user's remark differs from the sheet

        // The same form sent again now imports, with the choices as kept.
        var done = await ApplyAsync(client, again);
        Assert.Contains("已保存 1 行", done.QuerySelector(".import-results [role=status]")!.TextContent);
        await using (var db = _app.CreateDb())
        {
            var persons = await db.Problems.Where(p => p.InspectionId == 1 && p.Ordinal >= 5 && p.Ordinal <= 7).OrderBy(p => p.Ordinal).Select(p => p.ResponsiblePerson).ToListAsync(Ct);
            Assert.NotEqual("赵六", persons[0]);
            Assert.Equal("赵六", persons[1]);
            Assert.NotEqual("赵六", persons[2]);
        }
    }

    /// <summary>
    /// The import uses the preview's comparison only while the ledger has not moved: a problem the preview found
    /// the same as its row, changed by someone else before the import, is compared afresh and stops the import
    /// (a comparison kept from the preview would have let the other rows through without the user seeing it).
    /// </summary>
    [Fact]
    public async Task A_row_the_preview_found_unchanged_and_changed_before_the_import_is_compared_afresh_and_nothing_is_written()
    {
        var (client, exported) = await ExportAsync();
        var workbook = Edited(exported, doc => doc.AllProblems.Single(p => p.Ordinal == 5).ResponsiblePerson = "赵六");
        var page = await UploadAsync(client, workbook);
        Assert.Equal("unchanged", Rows(page)[8].ClassName);
        await using (var db = _app.CreateDb())
        {
            var eight = await db.Problems.Include(p => p.Measures).SingleAsync(p => p.InspectionId == 1 && p.Ordinal == 8, Ct);
            eight.Measures.OrderBy(m => m.Ordinal).First().Owner = "他人";
            await db.SaveChangesAsync(Ct);
        }
        var before = await LedgerAsJsonAsync();
        var again = await ApplyAsync(client, page);
        Assert.Contains("问题 8 已被修改", again.QuerySelector("[role=alert]")!.TextContent);
        Assert.Contains("整改措施", Rows(again)[8].TextContent);
        Assert.Equal(before, await LedgerAsJsonAsync());

        // Unmoved since this second preview, the same form imports: the kept comparison is the ledger's.
        var done = await ApplyAsync(client, again, new Dictionary<int, string> { [8] = "skip" });
        Assert.Contains("已保存 1 行，未通过 0 行，跳过 1 行", done.QuerySelector(".import-results [role=status]")!.TextContent);
        await using (var db = _app.CreateDb())
        {
            Assert.Equal("赵六", await db.Problems.Where(p => p.InspectionId == 1 && p.Ordinal == 5).Select(p => p.ResponsiblePerson).SingleAsync(Ct));
            var eight = await db.Problems.Include(p => p.Measures).SingleAsync(p => p.InspectionId == 1 && p.Ordinal == 8, Ct);
            Assert.Equal("他人", eight.Measures.OrderBy(m => m.Ordinal).First().Owner);
        }
    }

    async Task<(int OrgId, int RoundId)> UnitAndRoundOfTheLedgerAsync()
    {
        await using var db = _app.CreateDb();
        return (await db.Organizations.Where(o => o.Name == "城北镇").Select(o => o.Id).SingleAsync(Ct),
            await db.Inspections.Where(i => i.Id == 1).Select(i => i.RoundId).SingleAsync(Ct));
    }

    /// <summary>Posts a workbook with the new inspection's unit and round, as the form's lower part sends it.</summary>
    async Task<HttpResponseMessage> PostAsNewAsync(HttpClient client, byte[] workbook, string target)
    {
        var (orgId, roundId) = await UnitAndRoundOfTheLedgerAsync();
        var form = await client.GetStringAsync("/inspections/import-xlsx", Ct);
        var content = new MultipartFormDataContent
        {
            { new StringContent(RectifyApp.AntiforgeryToken(form)), "__RequestVerificationToken" },
            { new StringContent(target), "Target" },
            { new StringContent(orgId.ToString()), "OrganizationId" },
            { new StringContent(roundId.ToString()), "RoundId" },
            { new StringContent("第二组"), "Group" },
        };
        content.Add(new ByteArrayContent(workbook), "Upload", "台账.xlsx");
        return await client.PostAsync("/inspections/import-xlsx", content, Ct);
    }

    async Task<int> InspectionsAsync()
    {
        await using var db = _app.CreateDb();
        return await db.Inspections.CountAsync(Ct);
    }

    /// <summary>The ledger's rows in a workbook an office made itself: the usual columns, no hidden name of an inspection.</summary>
    async Task<byte[]> HandMadeAsync()
    {
        await using var db = _app.CreateDb();
        var doc = (await LedgerTransfer.ExportAsync(db, 1, Ct))!;
        doc.AllProblems.Single(p => p.Ordinal == 2).ResponsibleLeader = "王新";
        using var buffer = new MemoryStream();
        LedgerWorkbook.Write(doc.WithComputedCounts(), "城北镇", new DateOnly(2024, 1, 10), buffer);
        Assert.Null(LedgerWorkbook.Read(new MemoryStream(buffer.ToArray())).InspectionId);
        return buffer.ToArray();
    }

    static void AssertWarned(IDocument page)
    {
        var warning = page.QuerySelector("#import-duplicate")!.TextContent;
        Assert.Contains("与已保存的台账重复（被巡察单位和巡察轮次相同）", warning);
        Assert.Contains("尚未导入任何内容", warning);
        Assert.Equal("/inspections/1", page.QuerySelector("#import-duplicate a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Choosing_a_new_inspection_for_a_unit_with_a_ledger_in_the_round_warns_first_and_imports_it_as_one_only_when_confirmed()
    {
        var (client, exported) = await ExportAsync();
        var before = await InspectionsAsync();

        var warned = await PostAsNewAsync(client, exported, ImportXlsxModel.NewInspection);
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        var page = Html.ParseDocument(await warned.Content.ReadAsStringAsync(Ct));
        AssertWarned(page);
        Assert.Equal(before, await InspectionsAsync());

        var r = await DuplicateLedgerForm.ClickAsync(client, page, DuplicateLedgerForm.AsNew, Ct);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var newId = int.Parse(r.Headers.Location!.OriginalString.Split('/').Last());
        Assert.NotEqual(1, newId);
        await using var db = _app.CreateDb();
        Assert.Equal(before + 1, await db.Inspections.CountAsync(Ct));
        // What the user chose in the form before the warning is what was imported.
        var created = await db.Inspections.Include(i => i.Targets).SingleAsync(i => i.Id == newId, Ct);
        var (orgId, roundId) = await UnitAndRoundOfTheLedgerAsync();
        Assert.Equal((roundId, "第二组", orgId), (created.RoundId, created.Group, created.Targets.Single().OrganizationId));
        Assert.Equal(14, await db.Problems.CountAsync(p => p.InspectionId == newId, Ct));
    }

    [Fact]
    public async Task A_hand_made_workbook_for_a_unit_and_round_that_has_a_ledger_writes_nothing_until_compared_or_confirmed()
    {
        var client = await _app.SignedInClientAsync();
        var workbook = await HandMadeAsync();
        var before = await InspectionsAsync();
        var ledger = await LedgerAsJsonAsync();

        // Left to the file: it names no ledger, so it would be a new inspection, of a unit and round that have one.
        var warned = await PostAsNewAsync(client, workbook, "");
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        var page = Html.ParseDocument(await warned.Content.ReadAsStringAsync(Ct));
        AssertWarned(page);
        Assert.Equal(before, await InspectionsAsync());

        // Compared with that ledger: the merge preview, the one changed row marked, still nothing written.
        var compared = await DuplicateLedgerForm.ClickAsync(client, page, DuplicateLedgerForm.Compare, Ct);
        Assert.Equal(HttpStatusCode.OK, compared.StatusCode);
        var preview = Html.ParseDocument(await compared.Content.ReadAsStringAsync(Ct));
        Assert.Contains("有改动 1 个", preview.QuerySelector(".merge-summary")!.TextContent);
        Assert.Contains("责任领导", Rows(preview)[2].TextContent);
        Assert.Equal((before, ledger), (await InspectionsAsync(), await LedgerAsJsonAsync()));

        // Confirmed from the warning instead: a second ledger, the first untouched.
        var r = await DuplicateLedgerForm.ClickAsync(client, page, DuplicateLedgerForm.AsNew, Ct);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal((before + 1, ledger), (await InspectionsAsync(), await LedgerAsJsonAsync()));
    }

    [Fact]
    public async Task A_hand_made_workbook_for_a_unit_without_a_ledger_in_the_round_is_imported_without_a_warning()
    {
        var client = await _app.SignedInClientAsync();
        int newRound;
        await using (var db = _app.CreateDb())
        {
            var round = db.Rounds.Add(new InspectionRound { Body = "区委", Name = "第九轮巡察", Kind = InspectionKind.Xuncha }).Entity;
            await db.SaveChangesAsync(Ct);
            newRound = round.Id;
        }
        var form = await client.GetStringAsync("/inspections/import-xlsx", Ct);
        var (orgId, _) = await UnitAndRoundOfTheLedgerAsync();
        var content = new MultipartFormDataContent
        {
            { new StringContent(RectifyApp.AntiforgeryToken(form)), "__RequestVerificationToken" },
            { new StringContent(orgId.ToString()), "OrganizationId" },
            { new StringContent(newRound.ToString()), "RoundId" },
        };
        content.Add(new ByteArrayContent(await HandMadeAsync()), "Upload", "台账.xlsx");
        var r = await client.PostAsync("/inspections/import-xlsx", content, Ct);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
    }

    /// <summary>The app's download opened back: drop-downs for status and kind, the header frozen, A4 landscape at a readable scale.</summary>
    [Fact]
    public async Task The_downloaded_workbook_has_the_dropdowns_a_frozen_header_and_columns_that_fit_A4_landscape()
    {
        var (_, exported) = await ExportAsync();
        using var package = SpreadsheetDocument.Open(new MemoryStream(exported), false);
        var book = package.WorkbookPart!;
        var sheet = ((WorksheetPart)book.GetPartById(book.Workbook.Sheets!.Elements<Sheet>().First(s => s.Name == LedgerWorkbook.SheetName).Id!)).Worksheet!;

        var lists = sheet.Descendants<DataValidation>().ToDictionary(v => v.SequenceOfReferences!.InnerText![..1]);
        string Col(LedgerColumn c) => LedgerWorkbook.ColumnName((int)c);
        Assert.Contains("立行立改", lists[Col(LedgerColumn.Kind)].Formula1!.Text);
        Assert.Contains("正在推进", lists[Col(LedgerColumn.Status)].Formula1!.Text);
        Assert.All(lists.Values, v => Assert.Equal(DataValidationValues.List, v.Type!.Value));

        var pane = sheet.Descendants<Pane>().Single();
        Assert.Equal((PaneStateValues.Frozen, "A3"), (pane.State!.Value, pane.TopLeftCell!.Value));
        var setup = sheet.Descendants<PageSetup>().Single();
        Assert.Equal((9u, OrientationValues.Landscape, 1u), (setup.PaperSize!.Value, setup.Orientation!.Value, setup.FitToWidth!.Value));

        // One page wide: Excel scales the columns down to the printable width. At 96 dpi a column of width w
        // takes about 7w + 5 pixels (宋体 11); A4 landscape less the margins is 11.69 - 0.8 inches.
        var margins = sheet.Descendants<PageMargins>().Single();
        var printable = (297 / 25.4 - margins.Left!.Value - margins.Right!.Value) * 96;
        var width = sheet.Descendants<Column>().Sum(c => 7 * c.Width!.Value + 5);
        Assert.True(printable / width >= 0.6, $"printed at {printable / width:P0}: the 11-point text would be smaller than 6.6 points");
        // The hidden name carries the inspection, invisible to the office.
        Assert.True(book.Workbook!.DefinedNames!.Elements<DefinedName>().Single(n => n.Name == LedgerWorkbook.InspectionName).Hidden!.Value);
    }

    /// <summary>王新, an editor of the ledger's unit (城北镇) with an e-mail address: the one account bearing that name.</summary>
    async Task<Rectify.Data.AppUser> WangXinAsync()
    {
        int town;
        await using (var db = _app.CreateDb()) town = await db.InspectionTargets.Where(t => t.InspectionId == 1).Select(t => t.OrganizationId).FirstAsync(Ct);
        var wang = new Rectify.Data.AppUser { UserName = "wangxin", DisplayName = "王新", OrganizationId = town, Email = "wangxin@example.org" };
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Rectify.Data.AppUser>>();
        Assert.True((await users.CreateAsync(wang, "wangxin-pass-123")).Succeeded);
        await users.AddToRoleAsync(wang, Rectify.Infrastructure.Roles.UnitEditor);
        return wang;
    }

    [Fact]
    public async Task A_workbook_that_names_one_account_on_several_rows_tells_it_once_for_the_import()
    {
        var wang = await WangXinAsync();
        var (client, exported) = await ExportAsync();
        var workbook = Edited(exported, doc =>
        {
            foreach (var p in doc.AllProblems.Where(p => p.Ordinal is 2 or 5 or 6)) p.ResponsibleLeader = "王新";
        });
        var done = await ApplyAsync(client, await UploadAsync(client, workbook));
        Assert.Contains("已保存 3 行", done.QuerySelector(".import-results [role=status]")!.TextContent);
        await using (var db = _app.CreateDb())
        {
            // Three rows, each saved on its own: one entry (and so one e-mail) for the account, leading to the ledger.
            var entry = Assert.Single(await db.Notifications.Where(n => n.Kind == Rectify.Features.Notifications.Events.Assigned && n.UserId != null).ToListAsync(Ct));
            Assert.Equal((wang.Id, "您被确定为 3 个问题的整改责任人", "/inspections/1"), (entry.UserId, entry.Title, entry.Link));
            Assert.Equal("wangxin@example.org", entry.EmailTo);
        }
    }

    /// <summary>
    /// New rows of a workbook link their names as the JSON import does (issue 18 item 1): a name exactly one account of
    /// the unit bears is that account, as 责任领导 and as a measure's 责任人; a name no account bears stays text, flagged
    /// 未关联账号 on the ledger and listed on /admin/people for the office to resolve.
    /// </summary>
    [Fact]
    public async Task New_rows_link_a_name_one_account_bears_and_list_a_name_no_account_bears_for_the_office()
    {
        var wang = await WangXinAsync();
        var (client, exported) = await ExportAsync();
        var workbook = Edited(exported, doc =>
        {
            doc.Categories[0].Problems.Add(new ProblemItem
            {
                Ordinal = 15, Title = "村务公开不及时", Status = RectificationStatus.InProgress.Code(), ResponsibleLeader = "王新",
                Measures = ["每月10日前公开上月村务"], MeasureDetails = [new MeasureDetail("王新", new DateOnly(2024, 5, 31), null)],
            });
            doc.Categories[0].Problems.Add(new ProblemItem { Ordinal = 16, Title = "集体资产台账不全", Status = RectificationStatus.InProgress.Code(), ResponsibleLeader = "陈未名" });
        });
        var done = await ApplyAsync(client, await UploadAsync(client, workbook));
        Assert.Contains("已保存 2 行", done.QuerySelector(".import-results [role=status]")!.TextContent);

        int unlinked;
        await using (var db = _app.CreateDb())
        {
            var linked = await db.Problems.Include(p => p.Measures).SingleAsync(p => p.InspectionId == 1 && p.Ordinal == 15, Ct);
            Assert.Equal(("王新", wang.Id), (linked.ResponsibleLeader, linked.ResponsibleLeaderId));
            Assert.Equal(wang.Id, Assert.Single(linked.Measures).OwnerId);
            var text = await db.Problems.SingleAsync(p => p.InspectionId == 1 && p.Ordinal == 16, Ct);
            Assert.Equal(("陈未名", (string?)null), (text.ResponsibleLeader, text.ResponsibleLeaderId));
            unlinked = text.Id;
        }
        var ledger = Html.ParseDocument(await client.GetStringAsync("/inspections/1", Ct));
        Assert.Contains("未关联账号", ledger.QuerySelector($"tr.problem[data-id='{unlinked}'] td[data-label='责任领导'] .tag.unlinked")!.TextContent);

        // The office's screen lists the name with none to resolve it from, and not the linked one.
        var people = Html.ParseDocument(await client.GetStringAsync("/admin/people", Ct));
        var row = people.QuerySelector("tr[data-name='陈未名']")!;
        Assert.Equal("城北镇", row.QuerySelector("td[data-label='单位']")!.TextContent.Trim());
        Assert.Equal("责任领导 1 处", row.QuerySelector("td[data-label='出现在']")!.TextContent.Trim());
        Assert.Null(people.QuerySelector("tr[data-name='王新']"));
    }
}

/// <summary>The same export, edit and import back on PostgreSQL (RECTIFY_TEST_POSTGRES; skipped without it).</summary>
public sealed class PostgresLedgerMergeHttpTests() : LedgerMergeHttpTests(postgres: true);
