using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Excel;
using Rectify.Core.Interchange;
using Rectify.Core.Notices;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Overview;

/// <summary>The dashboard's figures as JSON, as .xlsx, and a one-page summary .docx per round.</summary>
public static class OverviewApi
{
    public static void MapOverviewApi(this IEndpointRouteBuilder routes)
    {
        // The figures' JSON is kept with them: a province's is 5 MB, and writing it anew for each request cost more than the rest.
        routes.MapGet("/api/overview", async Task<Results<FileContentHttpResult, UnauthorizedHttpResult>> (int? round, DateOnly? asOf, HttpContext http, RectifyDb db, OfficeClock clock, OverviewCache cache, CurrentScope currentScope,
            Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var scope = await currentScope.GetAsync(ct);
            if (scope is null) return TypedResults.Unauthorized();
            var today = clock.Today;
            if (asOf > today) throw new Core.Domain.DomainException("截至日期不能晚于今天");
            var (bytes, reused) = await cache.JsonAsync(db, scope, today, round, asOf, json.Value.SerializerOptions, ct);
            OverviewCache.Report(http, reused, started);
            return TypedResults.Bytes(bytes, "application/json; charset=utf-8");
        }).RequireAuthorization().WithTags("Overview").Produces<OverviewFigures>(StatusCodes.Status200OK, "application/json");

        // 共性问题 for scripts and tests: the same groups as /overview/common, in the caller's scope.
        routes.MapGet("/api/overview/common", async Task<Results<Ok<CommonGroups>, UnauthorizedHttpResult>> (int? round, RectifyDb db, OverviewCache cache, CurrentScope currentScope, CancellationToken ct) =>
        {
            var scope = await currentScope.GetAsync(ct);
            if (scope is null) return TypedResults.Unauthorized();
            var groups = await cache.CommonAsync(db, scope, round, ct);
            return TypedResults.Ok(new CommonGroups(groups.Select(g => new CommonGroup(g.Label, g.Members.Count, g.Members.Select(m => m.Id).ToList())).ToList()));
        }).RequireAuthorization().WithTags("Overview");

        routes.MapGet("/overview/export.xlsx", async Task<Results<FileStreamHttpResult, UnauthorizedHttpResult>> (int? round, DateOnly? asOf, HttpContext http, RectifyDb db, OfficeClock clock, OverviewCache cache, CurrentScope currentScope, CancellationToken ct) =>
        {
            var scope = await currentScope.GetAsync(ct);
            if (scope is null) return TypedResults.Unauthorized();
            var today = clock.Today;
            var (f, _) = await cache.GetAsync(db, scope, today, round, asOf > today ? null : asOf, ct);
            var file = Ledger.LedgerApi.TempFile();
            try { Workbook(f, file); }
            catch { await file.DisposeAsync(); throw; }
            file.Position = 0;
            return TypedResults.File(file, Ledger.LedgerApi.XlsxType,
                $"整改总览-{(f.AsOf ?? f.Today):yyyyMMdd}.xlsx");
        }).RequireAuthorization().ExcludeFromDescription();

        // The round summary as .docx, and as PDF beside it (/pdf), in the office's GB/T 9704 frame. Without
        // a 发文顺序号 it is the draft, to read over; with one (?serial=) it is the summary as it goes out
        // (印发), refused (422) while an element is missing or a marker unfilled, as every formal document is.
        routes.MapGet("/overview/rounds/{id:int}/summary.docx", async Task<Results<FileContentHttpResult, NotFound, UnauthorizedHttpResult>> (int id, DateOnly? asOf, int? serial, RectifyDb db, OfficeClock clock, OverviewCache cache, CurrentScope currentScope, CancellationToken ct) =>
            await SummaryAsync(id, asOf, serial, db, clock, cache, currentScope, ct) is not { } s ? TypedResults.NotFound()
                : TypedResults.File(NoticeDocxWriter.ToBytes(s.Document), Notices.NoticesApi.DocxType, s.Name + ".docx")).RequireAuthorization().ExcludeFromDescription();
        routes.MapGet("/overview/rounds/{id:int}/summary/pdf", async Task<Results<FileContentHttpResult, NotFound, UnauthorizedHttpResult>> (int id, DateOnly? asOf, int? serial, RectifyDb db, OfficeClock clock, OverviewCache cache, CurrentScope currentScope, Documents.PdfConverter pdf, CancellationToken ct) =>
        {
            if (await SummaryAsync(id, asOf, serial, db, clock, cache, currentScope, ct) is not { } s) return TypedResults.NotFound();
            var (bytes, type) = await pdf.FileAsync(s.Document, ct);
            return TypedResults.File(bytes, type, s.Name + ".pdf");
        }).RequireAuthorization().ExcludeFromDescription();
    }

    /// <summary>
    /// The round's summary document and its file name, or null when the round is not there or none of its
    /// inspections is in the user's scope (one answer for both). With a <paramref name="serial"/> it goes
    /// out, so it must be complete; without, it is the draft.
    /// </summary>
    static async Task<(Core.Documents.OfficialDocument Document, string Name)?> SummaryAsync(int id, DateOnly? asOf, int? serial, RectifyDb db, OfficeClock clock, OverviewCache cache, CurrentScope currentScope, CancellationToken ct)
    {
        var scope = await currentScope.RequiredAsync(ct);
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (round is null || (!scope.SeesAll && !await scope.Inspections(db).AnyAsync(i => i.RoundId == id, ct))) return null;
        if (serial is < 1) throw new Core.Domain.DomainException("发文顺序号须为正整数，如 12");
        var today = clock.Today;
        var (f, _) = await cache.GetAsync(db, scope, today, id, asOf > today ? null : asOf, ct);
        var notice = RoundSummary(round.Body + round.Name, f, await Documents.DocumentFrames.OfficeSignatureAsync(db, ct));
        var document = await Documents.DocumentFrames.RoundSummaryAsync(db, round, notice, serial, ct);
        var name = $"{round.Body}{round.Name}{Documents.DocumentFrames.SummaryName}";
        if (serial is null) return (document, name + "（草稿）");
        document.EnsureComplete(Documents.DocumentFrames.SummaryName, "印发");
        return (document, name);
    }

    /// <summary>The figures in five sheets, every number as a number, written (streamed) to <paramref name="output"/>.</summary>
    public static void Workbook(OverviewFigures f, Stream output)
    {
        var names = f.Organizations.ToDictionary(o => o.Id, o => o.Name);
        TableWorkbook.Write(
    [
        new("总体", ["项目", "数值"],
        [
            ["截至日期", (f.AsOf ?? f.Today).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)],
            ["问题数", f.Problems],
            ["已完成（含长期坚持）", f.Completed],
            ["完成率（%）", f.Rate],
            ["逾期（红灯）", f.Red],
            ["临期（黄灯）", f.Yellow],
            ["待核验销号", f.ClosuresWaiting],
        ]),
        new("按状态", ["状态", "问题数"], f.ByStatus.Select(s => (IReadOnlyList<object?>)[s.Name, s.Count]).ToList()),
        new("按方面", ["方面", "问题数", "已完成"], f.ByCategory.Select(c => (IReadOnlyList<object?>)[c.Title, c.Total, c.Completed]).ToList()),
        new("按轮次", ["轮次", "问题数", "已完成", "完成率（%）"], f.Rounds.Select(r => (IReadOnlyList<object?>)[r.Name, r.Total, r.Completed, r.Rate]).ToList()),
        // In tree order, each unit under its parent, with its own figures and its subtree's subtotals.
        new("按单位", ["单位", "层次", "上级单位", "本级问题数", "本级已完成", "本级完成率（%）", "本级逾期", "含下级问题数", "含下级已完成", "含下级完成率（%）", "含下级逾期"],
            f.TreeOrder().Select(x => (IReadOnlyList<object?>)[x.Row.Name, x.Depth + 1,
                x.Row.ParentId is { } p ? names[p] : null,
                x.Row.Total, x.Row.Completed, x.Row.Rate, x.Row.Red, x.Row.SubtreeTotal, x.Row.SubtreeCompleted, x.Row.SubtreeRate, x.Row.SubtreeRed])),
    ], output);
    }

    /// <summary>A one-page summary in the notice's format (GB/T 9704), from the round's figures (of their date); clauses about nothing are left out.</summary>
    /// <summary>
    /// One unit's progress as an office says it: "城北镇已完成11个、共14个（78.6%）"; with nothing done yet
    /// "城北镇14个问题正在推进", all done "城北镇14个问题已全部完成整改" (never "已完成0个" or "0%").
    /// </summary>
    static string UnitProgress(OrganizationRow o) => Progress(o.Name, o.Total, o.Completed, o.Rate, o.Red);

    /// <summary>The same for a unit with its sub-units (含下级): "城北镇（含下级）已完成5个、共10个（50%）".</summary>
    static string SubtreeProgress(OrganizationRow o) => Progress($"{o.Name}（含下级）", o.SubtreeTotal, o.SubtreeCompleted, o.SubtreeRate, o.SubtreeRed);

    static string Progress(string name, int total, int completed, decimal? rate, int red)
    {
        var overdue = red > 0 ? $"逾期{red}个" : null;
        if (completed == 0) return $"{name}{total}个问题正在推进" + (overdue is null ? "" : $"（{overdue}）");
        if (completed >= total) return $"{name}{total}个问题已全部完成整改";
        return $"{name}已完成{completed}个、共{total}个（{(rate is { } r ? ChineseText.Percent(r) : "—")}" + (overdue is null ? "" : "，" + overdue) + "）";
    }

    public static ComposedNotice RoundSummary(string roundName, OverviewFigures f, string issuer = "区委巡察工作领导小组办公室")
    {
        var d = f.AsOf ?? f.Today;
        var rate = f.Rate is { } r ? ChineseText.Percent(r) : null;
        var tail = new[] { f.Red > 0 ? $"逾期未完成{f.Red}个" : null, f.Yellow > 0 ? $"临近时限{f.Yellow}个" : null, f.ClosuresWaiting > 0 ? $"待核验销号{f.ClosuresWaiting}个" : null }
            .Where(x => x is not null).ToList();
        // No clause about nothing (“共反馈问题0个”, “涉及0个单位”, “按问题方面：。”): each is said only when it has something to say.
        var blocks = new List<NoticeBlock> { new(NoticeBlockLevel.Title, $"{roundName}整改情况汇总") };
        if (f.Problems == 0)
            blocks.Add(new(NoticeBlockLevel.Opening, $"截至{ChineseText.Date(d)}，{roundName}尚无反馈问题。"));
        else
            // Problems whose status no unit has stated are no status of their own: "另有N个问题尚未报送整改进展", left out when there are none.
            blocks.Add(new(NoticeBlockLevel.Opening, NoticeComposer.WithoutZeroClauses($"截至{ChineseText.Date(d)}，{roundName}共反馈问题{f.Problems}个，"
                + (f.Completed > 0 ? $"已完成整改{f.Completed}个" + (rate is null ? "" : $"，整改完成率{rate}") : "尚无完成整改的问题")
                + (tail.Count > 0 ? "；" + string.Join("，", tail) : "") + "；" + StatusBuckets.UnreportedClause(f.Buckets[StatusBucket.NotStated]) + "。")));
        // The units with problems of their own (a town above its villages is not one more unit concerned).
        var concerned = f.Organizations.Where(o => o.Total > 0).ToList();
        var lagging = concerned.Take(10).ToList();
        var heading = 0;
        if (concerned.Count > 0)
        {
            blocks.Add(new(NoticeBlockLevel.Heading1, $"{ChineseText.Numeral(++heading)}、各单位整改情况"));
            // Ten at most, lowest rate first: "完成率较低的" only when some are left out.
            // One unit is named as the clause's object (“涉及1个单位：城北镇…”), not as a list of 各单位.
            blocks.Add(new(NoticeBlockLevel.Body, (concerned.Count == 1 ? "涉及1个单位：" : $"涉及{concerned.Count}个单位。" + (concerned.Count > lagging.Count ? "完成率较低的单位：" : "各单位："))
                + string.Join("；", lagging.Select(UnitProgress)) + "。"));
            // A unit above others with problems: its own figures above, with its sub-units' here, in tree order. A unit
            // holding every problem of the summary (the district over its towns) would only repeat the opening.
            var above = f.TreeOrder().Select(x => x.Row).Where(o => o.SubtreeTotal > o.Total && o.SubtreeTotal < f.Problems).ToList();
            if (above.Count > 0)
                blocks.Add(new(NoticeBlockLevel.Body, "含下级单位合计：" + string.Join("；", above.Select(SubtreeProgress)) + "。"));
        }
        var byStatus = f.ByStatus.Where(s => s.Count > 0 && s.Code != StatusBucket.NotStated.Code()).ToList();
        // A flat notice's placeholder is no aspect to list (“未分类问题14个”).
        var byCategory = f.ByCategory.Where(c => c.Total > 0 && !CategoryItem.IsUncategorised(c.Title)).Take(6).ToList();
        if (byStatus.Count > 0 || byCategory.Count > 0)
        {
            blocks.Add(new(NoticeBlockLevel.Heading1, $"{ChineseText.Numeral(++heading)}、问题分布"));
            if (byStatus.Count > 0) blocks.Add(new(NoticeBlockLevel.Body, "按整改状态：" + string.Join("；", byStatus.Select(s => $"{s.Name}{s.Count}个")) + "。"));
            if (byCategory.Count > 0)
                blocks.Add(new(NoticeBlockLevel.Body, "按问题方面：" + string.Join("；", byCategory.Select(c => $"{c.Title}{c.Total}个" + (c.Completed > 0 ? $"（已完成{c.Completed}个）" : ""))) + "。"));
        }
        blocks.Add(new(NoticeBlockLevel.Heading1, $"{ChineseText.Numeral(++heading)}、下一步"));
        blocks.Add(new(NoticeBlockLevel.Body, "对逾期未完成的问题，由纪委监委责令限期整改；对整改不力的单位主要负责人进行约谈，并适时组织回头看。"));
        blocks.Add(new(NoticeBlockLevel.Signature, issuer));
        blocks.Add(new(NoticeBlockLevel.Date, ChineseText.Date(d)));
        var counts = LedgerCounts.Of(f.ByCategory.Count, f.Buckets);
        return new ComposedNotice($"{roundName}整改情况汇总", blocks, counts, issuer, d);
    }
}

/// <summary>The answer of <c>GET /api/overview/common</c>.</summary>
public sealed record CommonGroups(IReadOnlyList<CommonGroup> Groups);

/// <summary>One common problem: its label (a phrase of its problems' own words), how many problems, which.</summary>
public sealed record CommonGroup(string Label, int Count, IReadOnlyList<int> ProblemIds);
