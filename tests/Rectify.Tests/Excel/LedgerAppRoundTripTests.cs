using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;
using Rectify.Features.Inspections;
using Rectify.Tests.Web;

namespace Rectify.Tests.Excel;

/// <summary>
/// The app's export, imported back unchanged, gives the same ledger: every field a user keeps in Excel, down to
/// each measure's owner and deadline (issue 19 item 3).
/// </summary>
public class LedgerAppRoundTripTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_exported_workbook_imported_unchanged_gives_every_field_back_measure_owners_and_deadlines_included()
    {
        await using (var db = _app.CreateDb())
            await EveryField.FillAsync(db, 1, Ct);
        var client = await _app.SignedInClientAsync();
        var exported = await client.GetByteArrayAsync("/inspections/1/export.xlsx", Ct);

        var form = await client.GetStringAsync("/inspections/import-xlsx", Ct);
        int orgId, roundId;
        await using (var db = _app.CreateDb())
        {
            orgId = await db.Organizations.Where(o => o.Name == "城北镇").Select(o => o.Id).SingleAsync(Ct);
            roundId = await db.Inspections.Where(i => i.Id == 1).Select(i => i.RoundId).SingleAsync(Ct);
        }
        var content = new MultipartFormDataContent
        {
            { new StringContent(RectifyApp.AntiforgeryToken(form)), "__RequestVerificationToken" },
            // As a new inspection: left to the file, the workbook would go back into the ledger it came from (LedgerMergeHttpTests).
            { new StringContent("new"), "Target" },
            { new StringContent(orgId.ToString()), "OrganizationId" },
            { new StringContent(roundId.ToString()), "RoundId" },
        };
        var bytes = new ByteArrayContent(exported);
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(bytes, "Upload", "台账.xlsx");
        // 城北镇 has a ledger in that round: the import asks first, then makes a second one as told.
        var r = await DuplicateLedgerForm.ConfirmedAsNewAsync(client, await client.PostAsync("/inspections/import-xlsx", content, Ct), Ct);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var newId = int.Parse(r.Headers.Location!.OriginalString.Split('/').Last());

        await using (var db = _app.CreateDb())
        {
            var before = (await LedgerTransfer.ExportAsync(db, 1, Ct))!;
            var after = (await LedgerTransfer.ExportAsync(db, newId, Ct))!;
            // A status without words of its own comes back in its usual words, the ones its cell showed (LedgerSamples.AsWritten).
            Assert.Equal(Rows(LedgerSamples.AsWritten(before)), Rows(after));
            // The measures' details really are there (not two empty lists agreeing).
            var m = await db.Measures.Where(x => db.Problems.Any(p => p.Id == x.ProblemId && p.InspectionId == newId) && x.Ordinal == 1).ToListAsync(Ct);
            Assert.All(m, x => Assert.StartsWith("责任人", x.Owner));
            Assert.Contains(await db.Measures.Where(x => db.Problems.Any(p => p.Id == x.ProblemId && p.InspectionId == newId)).ToListAsync(Ct), x => x.DoneOn == new DateOnly(2023, 8, 1));
        }
    }

    /// <summary>Each problem as JSON, with its category: every field the ledger keeps.</summary>
    static List<string> Rows(LedgerDocument doc) =>
        doc.Categories.SelectMany(c => c.Problems.Select(p => c.Ordinal + " " + c.Title + " " + JsonSerializer.Serialize(p, LedgerJson.Options))).ToList();
}

/// <summary>Every field an office keeps in its Excel ledger given a value on each problem of an inspection, in every kind and status.</summary>
internal static class EveryField
{
    public static async Task FillAsync(Rectify.Data.RectifyDb db, int inspectionId, CancellationToken ct)
    {
        var problems = await db.Problems.Include(p => p.Measures).Where(p => p.InspectionId == inspectionId).OrderBy(p => p.Ordinal).ToListAsync(ct);
        var day = new DateOnly(2024, 3, 31);
        RectificationStatus[] statuses = [RectificationStatus.NotStarted, RectificationStatus.InProgress, RectificationStatus.Phased,
            RectificationStatus.NotFeasible, RectificationStatus.Completed, RectificationStatus.CompletedSustained];
        foreach (var p in problems)
        {
            p.ResponsibleLeader = "镇长" + p.Ordinal % 3;
            p.ResponsibleDepartment = p.Ordinal % 2 == 0 ? "党政办" : "农业服务中心";
            p.ResponsiblePerson = "经办" + p.Ordinal;
            p.Kind = (RectificationKind)(p.Ordinal % 3);
            p.SetDeadline(day.AddDays(p.Ordinal));
            p.Goal = "整改目标" + p.Ordinal;
            p.Remarks = p.Ordinal % 4 == 0 ? "备注" + p.Ordinal : null;
            var status = statuses[p.Ordinal % statuses.Length];
            p.SetImportedStatus(status, null, status is RectificationStatus.Phased or RectificationStatus.InProgress ? new YearMonth(2024, 1 + p.Ordinal % 12) : null,
                status == RectificationStatus.NotFeasible ? "须待上级批复规划" : null);
            if (p.Ordinal % 3 == 0)
            {
                p.AmountInvolved = 12345.67m + p.Ordinal;
                p.AmountRectified = 10000m + p.Ordinal;
                p.Amounts = [new ProblemAmount("追回资金", 125000m + p.Ordinal), new ProblemAmount("规范管理", 3500.5m)];
            }
            foreach (var m in p.Measures.Where(m => m.Ordinal % 2 == 1))
            {
                m.Owner = "责任人" + p.Ordinal + "-" + m.Ordinal;
                m.Deadline = day.AddDays(m.Ordinal);
            }
            if (p.Measures.Count > 1) p.Measures.Single(m => m.Ordinal == 2).DoneOn = new DateOnly(2023, 8, 1);
        }
        await db.SaveChangesAsync(ct);
    }
}
