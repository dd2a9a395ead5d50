using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Data;

namespace Rectify.Features.Overview;

/// <summary>
/// Realistic synthetic data at district scale, for load and speed measurements: an
/// organisation tree, rounds, one inspection per organisation, aspects, problems drawn from
/// the subjects real notices repeat (so common problems exist), statuses, deadlines, measures
/// and a status history spread over time. Seeded, so two runs make the same data.
/// </summary>
public static class DistrictGenerator
{
    static readonly string[] Aspects =
    [
        "贯彻落实党的理论和路线方针政策以及党中央决策部署方面", "群众身边腐败问题和不正之风方面", "基层党组织建设方面",
        "巡察、审计等问题整改情况监督方面", "落实全面从严治党主体责任方面", "选人用人和干部队伍建设方面",
    ];

    static readonly string[] Subjects =
    [
        "学习贯彻习近平新时代中国特色社会主义思想不够深入扎实", "财经制度执行不严,财务管理不规范", "意识形态工作责任制落实不到位",
        "干部选拔任用程序不够严谨", "乱占耕地建房问题整治不彻底", "撂荒耕地复耕复种推进缓慢", "巡察整改落实不到位",
        "\"三重一大\"事项议事决策程序不规范", "全面从严治党主体责任落实不到位", "信访案件办理不及时", "村级集体资产管理不规范",
        "惠民惠农资金发放审核把关不严", "公务接待管理不规范", "政府采购程序执行不严格", "工程项目建设管理不规范",
        "基层党组织\"三会一课\"制度落实不到位", "党员发展程序不规范", "安全生产监管责任落实不到位", "生态环境保护问题整改不彻底",
        "优化营商环境举措不多", "乡村振兴产业发展成效不明显", "违规发放津贴补贴", "公务用车管理不规范", "合同管理不规范",
        "往来款长期未清理", "固定资产账实不符", "执法程序不规范", "民生实事推进缓慢", "党风廉政教育开展不经常", "形式主义官僚主义问题仍然存在",
    ];

    static readonly string[] Qualifiers = ["", "", "的问题", ",部分村(社区)尤为突出", ",长效机制不健全", ",监督检查流于形式"];
    static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭"];
    static readonly string[] Given = ["伟", "芳", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "华", "平"];
    static readonly string[] Departments = ["党政办", "财政所", "组织办", "纪委", "农业农村办", "自然资源所", "综合执法队", "社会事务办"];

    public sealed record Result(int Organizations, int Inspections, int Problems, TimeSpan Took);

    public static async Task<Result> GenerateAsync(Storage storage, OfficeClock clock, int orgs, int problems, int seed = 2026, TextWriter? progress = null, CancellationToken ct = default)
    {
        if (orgs < 1 || problems < orgs) throw new DomainException("--orgs 至少为 1,--problems 不少于 --orgs");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var random = new Random(seed);
        string Name() => Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)] + (random.Next(2) == 0 ? Given[random.Next(Given.Length)] : "");

        await using var db = storage.CreateDb();
        db.AuditEnabled = false; // synthetic bulk data, not a user's change
        // All or nothing: one transaction, so a run stopped half-way (an error, kill -9) leaves no half
        // district behind and can simply be run again. The batches below only keep the change tracker small.
        // On SQLite the transaction holds the one write lock: this app's other writers queue at its gate.
        if (db.WriteGate is { } gate) await gate.WaitAsync(ct);
        try
        {
            db.Clock = clock.Time;
            db.Zone = clock.Zone;
            // A transient PostgreSQL error repeats the whole run, from the same seed.
            return await RetriedUnit.RunAsync(db, async ct =>
            {
                random = new Random(seed);
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var district = new Organization { Name = $"示范区{seed}", FullName = $"中共示范区{seed}委员会", Level = OrganizationLevel.District };
                db.Organizations.Add(district);
                var rounds = Enumerable.Range(1, 6).Select(r => new InspectionRound { Body = "十届区委", Name = $"第{"一二三四五六"[r - 1]}轮巡察{seed}" }).ToList();
                db.Rounds.AddRange(rounds);
                await db.SaveChangesAsync(ct);

                var units = new List<Organization>();
                for (var i = 0; i < orgs; i++)
                {
                    var level = i % 5 == 0 ? OrganizationLevel.Bureau : OrganizationLevel.Town;
                    var name = level == OrganizationLevel.Bureau ? $"示范区第{i + 1}局" : $"示范第{i + 1}镇";
                    units.Add(new Organization
                    {
                        // The full name is the issuer of the unit's notices.
                        Name = name, FullName = level == OrganizationLevel.Bureau ? $"中共{name}党组" : $"中共{name}委员会",
                        Level = level, ParentId = district.Id, PrincipalLeader = Name(),
                        ContactPhone = $"0753-{2300000 + i}", ContactEmail = $"unit{i + 1}@example.gov.cn",
                    });
                }
                db.Organizations.AddRange(units);
                await db.SaveChangesAsync(ct);
                district = null!;
                db.ChangeTracker.Clear();

                var perOrg = problems / orgs;
                var extra = problems % orgs;
                var ordinalBase = 0;
                var today = clock.Today;
                for (var u = 0; u < units.Count; u++)
                {
                    var round = rounds[u % rounds.Count];
                    var feedback = today.AddDays(-random.Next(60, 900));
                    var createdAt = clock.StartOf(feedback).AddHours(9).ToUniversalTime();
                    var inspection = new Inspection
                    {
                        RoundId = round.Id, Kind = InspectionKind.Xuncha, Group = $"第{1 + u % 6}组", TargetName = units[u].Name + "党委",
                        OnSiteFrom = PartialDate.FromDate(feedback.AddDays(-90)), OnSiteTo = PartialDate.FromDate(feedback.AddDays(-60)),
                        FeedbackDate = PartialDate.FromDate(feedback), CreatedAt = createdAt,
                    };
                    inspection.Targets.Add(new InspectionTarget { OrganizationId = units[u].Id, Ordinal = 1 });
                    var aspects = Aspects.OrderBy(_ => random.Next()).Take(3 + random.Next(3)).ToList();
                    for (var a = 0; a < aspects.Count; a++) inspection.Categories.Add(new Category { Ordinal = a + 1, Title = aspects[a] });
                    var count = perOrg + (u < extra ? 1 : 0);
                    for (var k = 0; k < count; k++)
                    {
                        var category = inspection.Categories[k % inspection.Categories.Count];
                        var deadline = feedback.AddMonths(1 + random.Next(6));
                        var p = new Problem
                        {
                            Inspection = inspection, Category = category, Ordinal = k + 1,
                            Title = Subjects[random.Next(Subjects.Length)] + Qualifiers[random.Next(Qualifiers.Length)],
                            Kind = (RectificationKind)random.Next(3), ResponsibleLeader = Name(), ResponsiblePerson = Name(),
                            ResponsibleDepartment = Departments[random.Next(Departments.Length)], Deadline = deadline, CreatedAt = createdAt,
                        };
                        // Most problems finish; some lag past their deadline (the red ones).
                        var roll = random.Next(100);
                        var status = roll < 62 ? RectificationStatus.CompletedSustained : roll < 72 ? RectificationStatus.Completed
                            : roll < 84 ? RectificationStatus.Phased : roll < 95 ? RectificationStatus.InProgress
                            : roll < 98 ? RectificationStatus.NotStarted : RectificationStatus.NotFeasible;
                        YearMonth? expected = status == RectificationStatus.Phased ? YearMonth.Of(deadline) : null;
                        p.SetImportedStatus(status, null, expected, status == RectificationStatus.NotFeasible ? "需上级政策支持" : null);
                        for (var m = 0; m < 1 + random.Next(3); m++)
                            p.Measures.Add(new Measure { Ordinal = m + 1, Text = $"措施{m + 1}:建立台账,明确责任,限期整改到位", Deadline = deadline, DoneOn = status.IsCompleted() ? deadline.AddDays(-random.Next(30)) : null });
                        inspection.Problems.Add(p);
                        category.Problems.Add(p);
                    }
                    db.Inspections.Add(inspection);
                    ordinalBase += count;
                    if ((u + 1) % 200 == 0 || u == units.Count - 1)
                    {
                        await db.SaveChangesAsync(ct);
                        // History: each problem that moved was in progress from feedback until it moved.
                        foreach (var p in db.ChangeTracker.Entries<Problem>().Select(e => e.Entity).Where(p => p.Status != RectificationStatus.NotStarted))
                        {
                            var at = p.CreatedAt.AddDays(15 + random.Next(Math.Max(16, (int)(clock.UtcNow - p.CreatedAt).TotalDays - 15)));
                            db.ProblemChanges.Add(new ProblemChange { ProblemId = p.Id, At = at, By = "generator", Field = "Status", Before = RectificationStatus.NotStarted.Code(), After = p.Status.Code() });
                            // The completion date the store keeps follows this history (not the day of generation).
                            if (p.Status.IsCompleted())
                                db.Entry(p).Property(x => x.CompletedOn).CurrentValue = clock.DateOf(at);
                        }
                        await db.SaveChangesAsync(ct);
                        db.ChangeTracker.Clear();
                        progress?.WriteLine($"  {u + 1}/{units.Count} 个单位,{ordinalBase} 个问题");
                    }
                }
                await transaction.CommitAsync(ct);
                return new Result(orgs, orgs, ordinalBase, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            }, ct);
        }
        finally
        {
            db.WriteGate?.Release();
        }
    }
}
