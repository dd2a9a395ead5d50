using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Tests.Web;

namespace Rectify.Tests.Supervision;

/// <summary>Supervision records, closure verification, look-back, evaluation and reports through /api/supervision.</summary>
public class SupervisionApiTests : IAsyncLifetime
{
    readonly SupervisionWorld _w = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    public async ValueTask InitializeAsync() => await _w.PeopleAsync();
    public ValueTask DisposeAsync() => _w.DisposeAsync();

    static object Record(string kind, int? org = SupervisionWorld.Town, string? person = null, string? deadline = null, string? reason = null, int[]? problems = null) => new
    {
        kind, date = "2026-05-20", inspectionId = 1, targetOrganizationId = org, targetPerson = person,
        problemIds = problems ?? [], findings = "台账更新不及时", outcome = "当场反馈", deadline, summonsReason = reason,
    };

    static async Task<string> RefusalAsync(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task A_supervisor_records_each_kind()
    {
        var jw = await _w.ClientAsync("jw1");
        var made = new List<JsonElement>();
        foreach (var body in new[]
        {
            Record("专项督查", problems: [12, 13]),
            Record("明察暗访"),
            Record("责令限期整改", deadline: "2026-06-30"),
            Record("约谈", person: "王书记", reason: "推进缓慢"),
            Record("提醒谈话", person: "张干事"),
        })
        {
            var r = await jw.PostAsJsonAsync("/api/supervision/records", body);
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            made.Add(await r.Content.ReadFromJsonAsync<JsonElement>());
        }
        Assert.Equal(["special-inspection", "unannounced-visit", "order-to-rectify", "summons", "reminder-talk"], made.Select(m => m.GetProperty("kind").GetString()));
        Assert.All(made, m => Assert.Equal("区纪委监督员甲", m.GetProperty("actedBy").GetString()));
        Assert.Equal("推进缓慢", made[3].GetProperty("summonsReason").GetString());
        Assert.Equal([12, 13], made[0].GetProperty("problemIds").EnumerateArray().Select(x => x.GetInt32()));

        var list = await jw.GetFromJsonAsync<JsonElement>("/api/supervision/records?inspectionId=1");
        Assert.Equal(5, list.GetArrayLength());
        // The unit sees the records aimed at it; the other district's supervisor does not.
        var unit = await _w.ClientAsync("zhang");
        Assert.Equal(5, (await unit.GetFromJsonAsync<JsonElement>("/api/supervision/records")).GetArrayLength());
        var other = await _w.ClientAsync("other");
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/api/supervision/records")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/supervision/records/{made[0].GetProperty("id").GetInt32()}")).StatusCode);
    }

    [Fact]
    public async Task Bad_records_are_refused_with_the_reason_and_nothing_is_saved()
    {
        var jw = await _w.ClientAsync("jw1");
        Assert.Equal("责令限期整改须写明对象（单位、部门或个人）",
            await RefusalAsync(await jw.PostAsJsonAsync("/api/supervision/records", new { kind = "责令限期整改", date = "2026-05-20", deadline = "2026-06-30" })));
        Assert.Equal("整改期限 2023-03-01 早于反馈日期 2023年3月10日，不能接受",
            await RefusalAsync(await jw.PostAsJsonAsync("/api/supervision/records", new { kind = "责令限期整改", date = "2023-02-01", inspectionId = 1, targetOrganizationId = 2, deadline = "2023-03-01" })));
        Assert.Equal("责令限期整改须写明整改期限", await RefusalAsync(await jw.PostAsJsonAsync("/api/supervision/records", Record("责令限期整改"))));
        Assert.Equal("约谈须写明原因：整改不力、措施不实或推进缓慢", await RefusalAsync(await jw.PostAsJsonAsync("/api/supervision/records", Record("约谈", person: "王书记", reason: "心情不好"))));
        Assert.Equal("约谈须写明被约谈人", await RefusalAsync(await jw.PostAsJsonAsync("/api/supervision/records", Record("约谈", reason: "整改不力"))));
        Assert.Equal("专项督查须写明对象（单位、部门或个人）", await RefusalAsync(await jw.PostAsJsonAsync("/api/supervision/records", new { kind = "专项督查" })));
        Assert.Contains("类别须为", await RefusalAsync(await jw.PostAsJsonAsync("/api/supervision/records", Record("检查"))));
        await using var db = _w.Db();
        Assert.Equal(0, await db.SupervisionActions.CountAsync());

        // Others may not record, and may not reach other units' inspections.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _w.ClientAsync("zhang")).PostAsJsonAsync("/api/supervision/records", Record("明察暗访"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await _w.ClientAsync("other")).PostAsJsonAsync("/api/supervision/records", Record("明察暗访", org: null))).StatusCode);
    }

    [Fact]
    public async Task An_order_is_tracked_until_the_unit_reports_it_fixed_and_another_supervisor_accepts_it()
    {
        var jw1 = await _w.ClientAsync("jw1");
        var order = await (await jw1.PostAsJsonAsync("/api/supervision/records", Record("责令限期整改", deadline: "2026-06-05"))).Content.ReadFromJsonAsync<JsonElement>();
        var id = order.GetProperty("id").GetInt32();
        Assert.Equal("yellow", order.GetProperty("light").GetString()); // 4 days left

        Assert.Equal("单位尚未报告整改完成，不能验收", await RefusalAsync(await jw1.PostAsync($"/api/supervision/records/{id}/accept", null)));
        var unit = await _w.ClientAsync("zhang");
        var reported = await unit.PostAsJsonAsync($"/api/supervision/records/{id}/report-fixed", new { note = "已补齐台账" });
        Assert.Equal("ReportedFixed", (await reported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await unit.PostAsync($"/api/supervision/records/{id}/accept", null)).StatusCode);

        Assert.Equal("不能验收自己下达的责令整改，须由另一名监督人员验收", await RefusalAsync(await jw1.PostAsync($"/api/supervision/records/{id}/accept", null)));
        var jw2 = await _w.ClientAsync("jw2");
        var accepted = await (await jw2.PostAsync($"/api/supervision/records/{id}/accept", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Accepted", accepted.GetProperty("state").GetString());
        Assert.Equal("区纪委监督员乙", accepted.GetProperty("acceptedBy").GetString());
        Assert.Equal("none", accepted.GetProperty("light").GetString());
    }

    async Task<int> RequestClosureAsync(int ordinal)
    {
        await using var db = _w.Db();
        var p = await db.Problems.Include(x => x.Progress).ThenInclude(x => x.Evidence).FirstAsync(x => x.InspectionId == 1 && x.Ordinal == ordinal);
        if (!p.HasEvidence)
        {
            var e = p.AddProgress(new DateOnly(2026, 5, 1), "整改完成", "zhang");
            e.Evidence.Add(new Evidence { FileName = "a.pdf", ContentType = "application/pdf", Sha256 = new string('0', 64), StoredPath = "x", UploadedBy = "zhang" });
        }
        p.RequestClosure("zhang", DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
        return p.Id;
    }

    [Fact]
    public async Task The_queue_lists_closure_requests_and_red_problems_and_the_supervisor_verifies_them()
    {
        var approveId = await RequestClosureAsync(1);
        var rejectId = await RequestClosureAsync(2);
        var jw = await _w.ClientAsync("jw1");
        var queue = await jw.GetFromJsonAsync<JsonElement>("/api/supervision/queue");
        Assert.Equal([approveId, rejectId], queue.GetProperty("closureRequests").EnumerateArray().Select(r => r.GetProperty("problemId").GetInt32()).Order());
        var warnings = queue.GetProperty("warnings").EnumerateArray().ToList();
        Assert.Equal(3, warnings.Count); // the demo's phased problems, months long past
        Assert.All(warnings, w => Assert.Equal("red", w.GetProperty("light").GetString()));

        Assert.Equal("驳回销号须说明理由", await RefusalAsync(await jw.PostAsJsonAsync($"/api/supervision/problems/{rejectId}/closure/reject", new { reason = " " })));
        (await jw.PostAsync($"/api/supervision/problems/{approveId}/closure/approve", null)).EnsureSuccessStatusCode();
        var rejected = await (await jw.PostAsJsonAsync($"/api/supervision/problems/{rejectId}/closure/reject", new { reason = "佐证材料不全" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("in-progress", rejected.GetProperty("status").GetString());
        await using var db = _w.Db();
        Assert.Equal(ClosureState.Approved, (await db.Problems.FindAsync(approveId))!.Closure.State);
        Assert.Equal("jw1", (await db.Problems.FindAsync(approveId))!.Closure.DecidedBy);

        // A reader of the unit may not verify; another district's supervisor cannot even find it.
        var again = await RequestClosureAsync(4);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _w.ClientAsync("reader")).PostAsync($"/api/supervision/problems/{again}/closure/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await _w.ClientAsync("other")).PostAsync($"/api/supervision/problems/{again}/closure/approve", null)).StatusCode);
    }

    [Fact]
    public async Task A_look_back_that_finds_the_fix_did_not_hold_reopens_the_problem_and_the_counts_show_it()
    {
        var admin = await _w.ClientAsync("admin");
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/inspections/1/ledger");
        Assert.Equal(11, before.GetProperty("counts").GetProperty("completed").GetInt32());

        var jw = await _w.ClientAsync("jw1");
        int p1, p2;
        await using (var db = _w.Db())
        {
            p1 = await db.Problems.Where(p => p.Ordinal == 1).Select(p => p.Id).FirstAsync();
            p2 = await db.Problems.Where(p => p.Ordinal == 2).Select(p => p.Id).FirstAsync();
        }
        Assert.Equal("回头看日期 2026-05-01 早于今天", await RefusalAsync(await jw.PostAsJsonAsync($"/api/supervision/problems/{p1}/reviews", new { scheduledOn = "2026-05-01" })));
        var r1 = await (await jw.PostAsJsonAsync($"/api/supervision/problems/{p1}/reviews", new { scheduledOn = "2026-06-10" })).Content.ReadFromJsonAsync<JsonElement>();
        var r2 = await (await jw.PostAsJsonAsync($"/api/supervision/problems/{p2}/reviews", new { scheduledOn = "2026-06-10" })).Content.ReadFromJsonAsync<JsonElement>();
        var phased = await _w.Db().Problems.Where(p => p.Status == RectificationStatus.Phased && p.Kind != RectificationKind.LongTerm).Select(p => p.Id).FirstOrDefaultAsync();
        if (phased != 0)
            Assert.Contains("回头看针对已完成整改或长期坚持的问题", await RefusalAsync(await jw.PostAsJsonAsync($"/api/supervision/problems/{phased}/reviews", new { scheduledOn = "2026-06-10" })));

        Assert.Equal("回头看重新打开问题须说明理由", await RefusalAsync(await jw.PostAsJsonAsync($"/api/supervision/reviews/{r1.GetProperty("id").GetInt32()}/reopen", new { reason = "" })));
        var reopened = await (await jw.PostAsJsonAsync($"/api/supervision/reviews/{r1.GetProperty("id").GetInt32()}/reopen", new { reason = "学习制度执行出现反弹" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Reopened", reopened.GetProperty("result").GetString());
        var confirmed = await (await jw.PostAsJsonAsync($"/api/supervision/reviews/{r2.GetProperty("id").GetInt32()}/confirm", new { note = "成效巩固" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Confirmed", confirmed.GetProperty("result").GetString());
        Assert.Equal("该回头看已经完成", await RefusalAsync(await jw.PostAsJsonAsync($"/api/supervision/reviews/{r2.GetProperty("id").GetInt32()}/reopen", new { reason = "再看" })));

        var after = await admin.GetFromJsonAsync<JsonElement>("/api/inspections/1/ledger");
        Assert.Equal(10, after.GetProperty("counts").GetProperty("completed").GetInt32());
        Assert.Equal(4, after.GetProperty("counts").GetProperty("inProgress").GetInt32());
        await using var check = _w.Db();
        var p = await check.Problems.FindAsync(p1);
        Assert.Equal(RectificationStatus.InProgress, p!.Status);
        var changes = await check.ProblemChanges.Where(c => c.ProblemId == p1).ToListAsync();
        Assert.Contains(changes, c => c.Field == "Status" && c.By == "jw1" && c.After == "in-progress");
    }

    [Fact]
    public async Task An_evaluation_grades_the_work_and_a_poor_grade_proposes_a_summons_and_look_backs()
    {
        var jw = await _w.ClientAsync("jw1");
        Assert.Equal("“成效”的得分 120 不在 0–100 之间", await RefusalAsync(await jw.PostAsJsonAsync("/api/supervision/inspections/1/evaluations",
            new { criteria = new[] { new { name = "成效", weight = 100, score = 120 } } })));

        var good = await (await jw.PostAsJsonAsync("/api/supervision/inspections/1/evaluations",
            new { criteria = new[] { new { name = "责任", weight = 50, score = 95 }, new { name = "成效", weight = 50, score = 90 } } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(92.5m, good.GetProperty("total").GetDecimal());
        Assert.Equal("优秀", good.GetProperty("grade").GetString());
        await using (var db = _w.Db())
            Assert.Equal(0, await db.SupervisionActions.CountAsync());

        var poor = await (await jw.PostAsJsonAsync("/api/supervision/inspections/1/evaluations",
            new { criteria = new[] { new { name = "责任", weight = 50, score = 60 }, new { name = "成效", weight = 50, score = 50 } } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("不合格", poor.GetProperty("grade").GetString());
        await using (var db = _w.Db())
        {
            var proposed = Assert.Single(await db.SupervisionActions.ToListAsync());
            Assert.Equal((SupervisionKind.Summons, SupervisionState.Proposed, "王书记", "整改不力"), (proposed.Kind, proposed.State, proposed.TargetPerson, proposed.SummonsReason));
            Assert.Equal(11, await db.Reviews.CountAsync(r => r.Result == ReviewResult.Scheduled));
            var confirmed = await (await jw.PostAsync($"/api/supervision/records/{proposed.Id}/confirm", null)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Open", confirmed.GetProperty("state").GetString());
        }
        var milestones = (await jw.GetFromJsonAsync<JsonElement>("/api/supervision/inspections/1")).GetProperty("milestones").EnumerateArray().ToList();
        Assert.True(milestones.Single(m => m.GetProperty("code").GetString() == "centralised").GetProperty("done").GetBoolean());
    }

    [Fact]
    public async Task The_office_sets_the_rounds_deadlines_and_one_before_the_feedback_is_refused()
    {
        var admin = await _w.ClientAsync("admin");
        Assert.StartsWith("整改方案时限须在反馈之后", await RefusalAsync(await admin.PutAsJsonAsync("/api/supervision/inspections/1/deadlines",
            new { planDays = -3, reportDays = 60, centralisedMonths = 3, greenDays = 20, yellowDays = 10 })));
        (await admin.PutAsJsonAsync("/api/supervision/inspections/1/deadlines", new { planDays = 30, reportDays = 90, centralisedMonths = 3, greenDays = 20, yellowDays = 10 })).EnsureSuccessStatusCode();
        var view = await admin.GetFromJsonAsync<JsonElement>("/api/supervision/inspections/1");
        Assert.Equal("2023-06-08", view.GetProperty("milestones")[1].GetProperty("due").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _w.ClientAsync("jw1")).PutAsJsonAsync("/api/supervision/inspections/1/deadlines",
            new { planDays = 30, reportDays = 60, centralisedMonths = 3, greenDays = 20, yellowDays = 10 })).StatusCode);
    }

    [Fact]
    public async Task Both_upward_reports_download_as_word_drafts_with_the_ledgers_figures()
    {
        var client = await _w.ClientAsync("wang");
        foreach (var (kind, title) in new[] { ("rectification", "城北镇党委关于九届区委第二轮巡察反馈意见整改情况的报告"), ("principal-leader", "城北镇党委主要负责人关于组织落实九届区委第二轮巡察反馈意见整改情况的报告") })
        {
            var r = await client.GetAsync($"/api/supervision/inspections/1/reports/{kind}.docx");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            using var zip = new System.IO.Compression.ZipArchive(await r.Content.ReadAsStreamAsync());
            using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
            var xml = reader.ReadToEnd();
            var text = string.Concat(System.Text.RegularExpressions.Regex.Matches(xml, "<w:t[^>]*>([^<]*)</w:t>").Select(m => m.Groups[1].Value));
            Assert.Contains(title, text);
            Assert.Contains("14个问题中已完成整改11个，正在推进3个", text); // full-width, as every generated text (issue 16)
        }
        Assert.Equal(HttpStatusCode.NotFound, (await (await _w.ClientAsync("other")).GetAsync("/api/supervision/inspections/1/reports/rectification.docx")).StatusCode);
    }
}
