using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Excel;
using Rectify.Core.Interchange;
using Rectify.Data;
using Rectify.Features.Inspections;
using Rectify.Features.Problems;
using Rectify.Infrastructure;

namespace Rectify.Features.Ledger;

/// <summary>One sheet row against the ledger: unchanged, changed (the columns named) or new (no problem of its number).</summary>
public sealed record MergeRow(int Ordinal, string Title, int? ProblemId, int? Version, string Outcome, IReadOnlyList<string> Changes);

/// <summary>What importing a workbook into an inspection would do, row by row; <see cref="Absent"/> problems of the ledger are not in the file (and stay as they are).</summary>
public sealed record MergePreview(int InspectionId, string InspectionName, IReadOnlyList<MergeRow> Rows, int Absent)
{
    public int Unchanged => Rows.Count(r => r.Outcome == LedgerMerge.Unchanged);
    public int Changed => Rows.Count(r => r.Outcome == LedgerMerge.Changed);
    public int New => Rows.Count(r => r.Outcome == LedgerMerge.New);
    /// <summary>与台账一致: importing it would change nothing.</summary>
    public bool Same => Changed == 0 && New == 0;
}

/// <summary>
/// A workbook imported back into the inspection it was exported from (or one the user picks): each row is matched to
/// the problem of its number (序号). Rows the user chose to update go through <see cref="ProblemWork"/>, the single
/// edit's path and rules (fields, measures, status, progress), each row in one transaction: a refused row writes
/// nothing and is listed with the reason, the others are saved with their history and audit rows. A new row is
/// added to the ledger as a problem of its category, its status set by the entity's rule for a live change.
/// </summary>
public static class LedgerMerge
{
    public const string Unchanged = "unchanged", Changed = "changed", New = "new";
    public const string Update = "update", Skip = "skip";
    /// <summary>A row's outcome after the import: the user chose to leave it.</summary>
    public const string Skipped = "skipped";

    /// <summary>The inspections a workbook may be imported into: those in scope whose owning unit the user may edit.</summary>
    public static async Task<List<(int Id, string Name)>> TargetsAsync(RectifyDb db, Scope scope, CancellationToken ct)
    {
        var rows = await scope.Inspections(db).AsNoTracking().OrderByDescending(i => i.Id)
            .Select(i => new
            {
                i.Id, Round = i.Round!.Body + i.Round.Name, i.Group, i.TargetName,
                Owner = i.Targets.OrderBy(t => t.Ordinal).Select(t => (int?)t.OrganizationId).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Where(r => scope.CanEdit(r.Owner))
            .Select(r => (r.Id, $"{r.TargetName}（{r.Round}{(string.IsNullOrEmpty(r.Group) ? "" : " " + r.Group)}）")).ToList();
    }

    public static async Task<MergePreview> PreviewAsync(RectifyDb db, OfficeClock clock, int inspectionId, string inspectionName, LedgerDocument imported, CancellationToken ct)
    {
        var current = await CurrentAsync(db, clock, inspectionId, ct);
        var problems = await db.Problems.AsNoTracking().Where(p => p.InspectionId == inspectionId)
            .Select(p => new { p.Ordinal, p.Id, p.Version }).ToDictionaryAsync(p => p.Ordinal, ct);
        var rows = new List<MergeRow>();
        foreach (var c in imported.Categories)
            foreach (var p in c.Problems)
            {
                if (!current.TryGetValue(p.Ordinal, out var was) || !problems.TryGetValue(p.Ordinal, out var row))
                {
                    rows.Add(new MergeRow(p.Ordinal, p.Title, null, null, New, []));
                    continue;
                }
                var changes = LedgerComparison.Changes(was.Category, was.Item, c.Title, p).Select(x => x.Header()).ToList();
                rows.Add(new MergeRow(p.Ordinal, p.Title, row.Id, row.Version, changes.Count == 0 ? Unchanged : Changed, changes));
            }
        var inFile = rows.Select(r => r.Ordinal).ToHashSet();
        return new MergePreview(inspectionId, inspectionName, rows, problems.Keys.Count(o => !inFile.Contains(o)));
    }

    /// <summary>
    /// The ledger as its own export shows it (written and read back), so that the sheet's rows are compared with
    /// the same cells, not with what one cell cannot hold.
    /// </summary>
    static async Task<Dictionary<int, (string Category, ProblemItem Item)>> CurrentAsync(RectifyDb db, OfficeClock clock, int inspectionId, CancellationToken ct)
    {
        var doc = await LedgerTransfer.ExportAsync(db, inspectionId, ct) ?? throw new NotFoundException($"没有编号为 {inspectionId} 的巡察");
        if (!doc.AllProblems.Any()) return [];
        using var buffer = new MemoryStream();
        LedgerWorkbook.Write(doc, "", clock.Today, buffer);
        buffer.Position = 0;
        var read = LedgerWorkbook.Read(buffer).Ledger!;
        return read.Categories.SelectMany(c => c.Problems.Select(p => (c.Title, p))).ToDictionary(x => x.p.Ordinal, x => (x.Title, x.p));
    }

    /// <summary>
    /// Applies the rows of <paramref name="preview"/> (the comparison of <paramref name="imported"/> with the ledger as it
    /// stands, see <see cref="MergeComparisons"/>) chosen for <see cref="Update"/> (a row not named is skipped);
    /// <paramref name="versions"/> are the problems' versions the user's preview showed, so that a problem changed since
    /// is refused, not overwritten.
    /// </summary>
    public static async Task<List<BulkRow>> ApplyAsync(RectifyDb db, Scope scope, OfficeClock clock, EvidenceStore store, MergePreview preview,
        LedgerDocument imported, IReadOnlyDictionary<int, string> choices, IReadOnlyDictionary<int, int> versions, CancellationToken ct)
    {
        var inspectionId = preview.InspectionId;
        var items = imported.Categories.SelectMany(c => c.Problems.Select(p => (Category: c.Title, Item: p))).ToDictionary(x => x.Item.Ordinal);
        var results = new List<BulkRow>();
        // Who answers for the rows saved is told once for the whole import (Assignments), not once per row.
        var assigned = new Notifications.Assignments();
        foreach (var row in preview.Rows)
        {
            if (row.Outcome == Unchanged) { results.Add(new BulkRow(row.ProblemId ?? 0, row.Ordinal, row.Title, BulkWork.Unchanged, "与台账一致")); continue; }
            if (!choices.TryGetValue(row.Ordinal, out var choice) || choice != Update) { results.Add(new BulkRow(row.ProblemId ?? 0, row.Ordinal, row.Title, Skipped, "已跳过")); continue; }
            var (category, item) = items[row.Ordinal];
            db.ChangeTracker.Clear();
            try
            {
                var rowAssigned = new Notifications.Assignments();
                var message = await RetriedUnit.RunAsync(db, async t =>
                {
                    rowAssigned = new Notifications.Assignments();
                    await using var tx = await db.Database.BeginTransactionAsync(t);
                    var said = row.ProblemId is { } id
                        ? await UpdateAsync(db, scope, clock, store, id, versions.TryGetValue(row.Ordinal, out var v) ? v : row.Version, item, row.Changes, rowAssigned, t)
                        : await AddAsync(db, scope, clock, inspectionId, category, item, rowAssigned, t);
                    await tx.CommitAsync(t);
                    return said;
                }, ct);
                assigned.Add(rowAssigned);
                results.Add(new BulkRow(row.ProblemId ?? 0, row.Ordinal, row.Title, BulkWork.Saved, message));
            }
            // A rule, a role or the scope refuses this row; a fault (the database gone) stops the whole import.
            catch (Exception e) when (e is DomainException or ForbiddenException or NotFoundException or StaleVersionException or DbUpdateConcurrencyException or ProblemRefusedException)
            {
                results.Add(new BulkRow(row.ProblemId ?? 0, row.Ordinal, row.Title, BulkWork.Refused, e is ProblemRefusedException ? e.Message : Refusals.Of(e)!.Value.Detail));
            }
        }
        db.ChangeTracker.Clear();
        if (assigned.Changes.Count > 0)
        {
            await assigned.TellAsync(db, scope.User.Id, ct);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return results;
    }

    /// <summary>One row into its problem, column by column through the single edit's operations.</summary>
    static async Task<string> UpdateAsync(RectifyDb db, Scope scope, OfficeClock clock, EvidenceStore store, int problemId, int? version, ProblemItem item, IReadOnlyList<string> changes,
        Notifications.Assignments assigned, CancellationToken ct)
    {
        var w = await ProblemWork.LoadAsync(db, scope, clock, problemId, ct);
        w.Batch = assigned;
        var p = w.Problem;
        bool Changed(LedgerColumn c) => changes.Contains(c.Header());
        // The first step checks the version the preview showed: a problem changed since then is refused (the stale
        // rule), not overwritten; each later step is on the version the step before it saved.
        var first = true;
        int Next() { if (!first) return p.Version; first = false; return version ?? p.Version; }

        if (Changed(LedgerColumn.Category))
            throw new DomainException("导入不能更改问题所属的方面（问题类别），请恢复原来的类别或在台账中调整");
        if (Changed(LedgerColumn.Description) || Changed(LedgerColumn.Goal) || Changed(LedgerColumn.Leader) || Changed(LedgerColumn.Department)
            || Changed(LedgerColumn.Person) || Changed(LedgerColumn.Deadline) || Changed(LedgerColumn.Kind) || Changed(LedgerColumn.Remarks)
            || Changed(LedgerColumn.AmountInvolved) || Changed(LedgerColumn.AmountRectified))
        {
            // A deadline emptied in the sheet keeps the ledger's (null keeps it); another date is the entity's rule to refuse.
            await w.UpdateFieldsAsync(ProblemFields.Of(p) with
            {
                Title = item.Title, Detail = item.Detail, Items = item.Items ?? [], Goal = item.Goal, Kind = item.Kind ?? p.Kind.Code(),
                Leader = item.ResponsibleLeader, Department = item.ResponsibleDepartment, Person = item.ResponsiblePerson, Deadline = item.Deadline,
                AmountInvolved = item.AmountInvolved, AmountRectified = item.AmountRectified, Remarks = item.Remarks, Version = Next(),
            }, ct);
        }
        if (Changed(LedgerColumn.Measures))
        {
            var existing = p.Measures.OrderBy(m => m.Ordinal).ToList();
            for (var i = 0; i < Math.Max(existing.Count, item.Measures.Count); i++)
            {
                var d = item.MeasureDetails is { } ds && i < ds.Count ? ds[i] : null;
                var f = new MeasureFields { Text = i < item.Measures.Count ? item.Measures[i] : null, Owner = d?.Owner, Deadline = d?.Deadline, DoneOn = d?.DoneOn };
                if (i >= item.Measures.Count) await w.DeleteMeasureAsync(existing[i].Id, Next(), ct);
                else if (i >= existing.Count) await w.AddMeasureAsync(f with { Version = Next() }, ct);
                else if (existing[i].Text != f.Text || existing[i].Owner != f.Owner || existing[i].Deadline != f.Deadline || existing[i].DoneOn != f.DoneOn)
                    await w.UpdateMeasureAsync(existing[i].Id, f with { Version = Next() }, ct);
            }
        }
        if (Changed(LedgerColumn.Progress))
        {
            // 整改进展 is the latest progress entry: the row's new text is reported today, as on the problem page.
            if (string.IsNullOrWhiteSpace(item.Progress))
                throw new DomainException("导入不能删除已填报的整改进展，请恢复“整改进展”一栏");
            await w.AddProgressAsync(clock.Today, item.Progress, [], Next(), store, ct);
        }
        if (Changed(LedgerColumn.Status) || Changed(LedgerColumn.Expected))
            await w.ChangeStatusAsync(item.Status, item.ExpectedCompletion?.ToString(), item.NotFeasibleReason, Next(), ct);
        return "已更新：" + string.Join("、", changes);
    }

    /// <summary>A row of a number the ledger does not have: a new problem of its category (made when the ledger has none of that title).</summary>
    static async Task<string> AddAsync(RectifyDb db, Scope scope, OfficeClock clock, int inspectionId, string categoryTitle, ProblemItem item, Notifications.Assignments assigned, CancellationToken ct)
    {
        var inspection = await db.Inspections.Include(i => i.Targets).Include(i => i.Categories).FirstAsync(i => i.Id == inspectionId, ct);
        var owner = inspection.Targets.OrderBy(t => t.Ordinal).Select(t => (int?)t.OrganizationId).FirstOrDefault();
        if (!scope.CanEdit(owner)) throw new ForbiddenException("您的角色不能在本台账中新增问题");
        db.Actor = scope.User.UserName ?? scope.User.Id;
        var category = inspection.Categories.FirstOrDefault(c => c.Title == categoryTitle.Trim());
        if (category is null)
        {
            category = new Category { InspectionId = inspectionId, Ordinal = inspection.Categories.Select(c => c.Ordinal).DefaultIfEmpty().Max() + 1, Title = categoryTitle.Trim() };
            inspection.Categories.Add(category);
        }
        var problem = new Problem
        {
            InspectionId = inspectionId, Category = category, Ordinal = item.Ordinal, Title = item.Title, Detail = item.Detail,
            SpecificItems = item.Items ?? [], Goal = item.Goal, Kind = RectificationKinds.FromText(item.Kind) ?? RectificationKind.Deadline,
            ResponsibleLeader = item.ResponsibleLeader, ResponsibleDepartment = item.ResponsibleDepartment, ResponsiblePerson = item.ResponsiblePerson,
            Deadline = item.Deadline, AmountInvolved = item.AmountInvolved, AmountRectified = item.AmountRectified, Remarks = item.Remarks,
            CreatedAt = clock.UtcNow,
        };
        for (var i = 0; i < item.Measures.Count; i++)
        {
            var d = item.MeasureDetails is { } ds && i < ds.Count ? ds[i] : null;
            problem.Measures.Add(new Measure { Ordinal = i + 1, Text = item.Measures[i], Owner = d?.Owner, Deadline = d?.Deadline, DoneOn = d?.DoneOn });
        }
        if (!string.IsNullOrWhiteSpace(item.Progress)) problem.AddProgress(clock.Today, item.Progress, scope.User.Name);
        // A live ledger's new problem starts unstated; its status is then a live change, by the entity's rules
        // (a completion needs evidence, 暂不具备整改条件 a reason), never taken as written.
        var status = Statuses.ParseCode(item.Status);
        if (status != RectificationStatus.NotStated) problem.ChangeStatus(status, item.ExpectedCompletion, item.NotFeasibleReason);
        var candidates = await PeopleLinks.CandidatesAsync(db, owner is { } o ? [o] : [], ct);
        PeopleLinks.LinkNames(problem, candidates);
        db.Problems.Add(problem);
        await db.SaveChangesAsync(ct);
        assigned.Note(problem, Notifications.Responsibility.Nobody, Notifications.Responsibility.Of(problem, await Departments.OfAsync(db, problem, ct)));
        return "已新增为问题 " + item.Ordinal;
    }
}

/// <summary>
/// The comparisons of the import previews, kept per app instance for the import that follows them (issue 19): comparing
/// writes the whole ledger through the workbook and reads it back, seconds for a ledger of thousands of problems, and
/// the import would otherwise do it again. A comparison is kept under the workbook's content (the hash of the ledger
/// the form carries), the inspection, the day and the <see cref="LedgerStamp"/> read before it was made; it is used
/// only while the stamp is the same, so any write to the ledger in between (from any instance or the CLI) makes the
/// import compare afresh: a stale comparison is never applied. Another instance, or an evicted entry, compares again.
/// </summary>
public sealed class MergeComparisons(OfficeClock clock)
{
    /// <summary>Previews kept at most: a few clerks importing at once; the oldest goes first.</summary>
    const int MaxEntries = 16;

    sealed record Kept(LedgerStamp Stamp, MergePreview Preview, DateTimeOffset At);
    readonly ConcurrentDictionary<string, Kept> _kept = new(StringComparer.Ordinal);

    /// <summary>The comparison of <paramref name="imported"/> (carried as <paramref name="carried"/>) with the inspection's ledger as it stands now.</summary>
    public async Task<MergePreview> CompareAsync(RectifyDb db, int inspectionId, string inspectionName, LedgerDocument imported, string carried, CancellationToken ct)
    {
        // Read before comparing: what is kept under a stamp is never older than it.
        var stamp = await LedgerStamp.ReadAsync(db, ct);
        var key = string.Join('|', inspectionId, clock.Today.DayNumber, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(carried))));
        if (_kept.TryGetValue(key, out var kept) && kept.Stamp == stamp) return kept.Preview with { InspectionName = inspectionName };
        var preview = await LedgerMerge.PreviewAsync(db, clock, inspectionId, inspectionName, imported, ct);
        while (_kept.Count >= MaxEntries && _kept.OrderBy(k => k.Value.At).Select(k => k.Key).FirstOrDefault() is { } oldest) _kept.TryRemove(oldest, out _);
        _kept[key] = new Kept(stamp, preview, clock.UtcNow);
        return preview;
    }
}
