using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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
        {
            var problems = await db.Problems.Include(p => p.Measures).Where(p => p.InspectionId == 1).OrderBy(p => p.Ordinal).ToListAsync(Ct);
            var day = new DateOnly(2024, 3, 31);
            foreach (var p in problems)
            {
                p.ResponsibleLeader = "镇长" + p.Ordinal % 3;
                p.ResponsibleDepartment = p.Ordinal % 2 == 0 ? "党政办" : "农业服务中心";
                p.ResponsiblePerson = "经办" + p.Ordinal;
                p.Kind = (RectificationKind)(p.Ordinal % 3);
                p.SetDeadline(day.AddDays(p.Ordinal));
                foreach (var m in p.Measures.Where(m => m.Ordinal % 2 == 1))
                {
                    m.Owner = "责任人" + p.Ordinal + "-" + m.Ordinal;
                    m.Deadline = day.AddDays(m.Ordinal);
                }
                if (p.Measures.Count > 1) p.Measures.Single(m => m.Ordinal == 2).DoneOn = new DateOnly(2023, 8, 1);
            }
            await db.SaveChangesAsync(Ct);
        }
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
        var r = await client.PostAsync("/inspections/import-xlsx", content, Ct);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var newId = int.Parse(r.Headers.Location!.OriginalString.Split('/').Last());

        await using (var db = _app.CreateDb())
        {
            var before = (await LedgerTransfer.ExportAsync(db, 1, Ct))!;
            var after = (await LedgerTransfer.ExportAsync(db, newId, Ct))!;
            Assert.Equal(Rows(before), Rows(after));
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
