using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Notices;
using Rectify.Core.Supervision;
using Rectify.Data;
using Rectify.Features.Notices;
using Rectify.Infrastructure;

namespace Rectify.Features.Supervision;

/// <summary>What a client sees of a report's sign-off.</summary>
public sealed record UpwardReportView(string Kind, string Name, string State, string? Title, string? SubmittedBy, DateTimeOffset? SubmittedAt, string? ApprovedBy, DateTimeOffset? ApprovedAt, string? Sha256);

/// <summary>
/// Sign-off of the upward reports with the rules of notices: submitted by a unit editor or the office
/// with the 保密审查 confirmed, which freezes the composed text with its SHA-256; approved by the unit's
/// principal leader (unit-leader in scope) or the office, never by the submitter. One SaveChanges each.
/// </summary>
public static class UpwardReportSignOff
{
    public static UpwardReportKind ParseKind(string kind) => UpwardReports.FromCode(kind) ?? throw new NotFoundException($"没有“{kind}”这种报告");

    public static async Task<(Inspection Inspection, UpwardReport? Report)> LoadAsync(RectifyDb db, Scope scope, int inspectionId, UpwardReportKind kind, CancellationToken ct)
    {
        var inspection = await NoticePublication.InspectionInScopeAsync(db, scope, inspectionId, ct);
        var report = await db.UpwardReports.FirstOrDefaultAsync(r => r.InspectionId == inspectionId && r.Kind == kind, ct);
        return (inspection, report);
    }

    public static async Task<UpwardReport> SubmitAsync(RectifyDb db, Scope scope, int inspectionId, UpwardReportKind kind, bool secrecyReviewed, OfficeClock clock, CancellationToken ct)
    {
        var (inspection, report) = await LoadAsync(db, scope, inspectionId, kind, ct);
        if (!scope.CanEdit(inspection.PrimaryOrganizationId))
            throw new ForbiddenException($"只有本单位填报员或巡察办管理员可以提交{kind.Chinese()}");
        if (report is { State: UpwardReportState.Submitted }) throw new DomainException($"{kind.Chinese()}已提交审核,不能重复提交");
        if (report is { State: UpwardReportState.Approved }) throw new DomainException($"{kind.Chinese()}已审批,不能重新提交");
        if (!secrecyReviewed) throw new DomainException("提交审核前须完成保密审查:请确认报告不含涉密内容和个人隐私");
        var composed = await UpwardReportFiles.ComposeAsync(db, scope, inspectionId, kind, clock.Today, ct);
        report ??= db.UpwardReports.Add(new UpwardReport { InspectionId = inspectionId, Kind = kind }).Entity;
        report.FrozenJson = JsonSerializer.Serialize(composed);
        report.Sha256 = PublishedNotice.Sha256(NoticeTextWriter.Write(composed));
        report.SubmittedBy = scope.User.UserName;
        report.SubmittedAt = clock.UtcNow;
        report.State = UpwardReportState.Submitted;
        await db.SaveChangesAsync(ct);
        return report;
    }

    public static async Task<UpwardReport> ApproveAsync(RectifyDb db, Scope scope, int inspectionId, UpwardReportKind kind, OfficeClock clock, CancellationToken ct)
    {
        var (inspection, report) = await LoadAsync(db, scope, inspectionId, kind, ct);
        if (!scope.CanApprove(inspection.PrimaryOrganizationId))
            throw new ForbiddenException($"只有本单位主要负责人(单位领导)或巡察办管理员可以审批{kind.Chinese()}");
        if (report is not { State: UpwardReportState.Submitted })
            throw new DomainException(report?.State == UpwardReportState.Approved ? $"{kind.Chinese()}已审批,不能重复审批" : $"只有已提交审核的{kind.Chinese()}才能审批");
        if (string.Equals(report.SubmittedBy, scope.User.UserName, StringComparison.Ordinal))
            throw new DomainException("审批人不能是提交人本人:请由单位主要负责人审批");
        report.ApprovedBy = scope.User.UserName;
        report.ApprovedAt = clock.UtcNow;
        report.State = UpwardReportState.Approved;
        await db.SaveChangesAsync(ct);
        return report;
    }

    /// <summary>The approved report from its frozen blocks, never recomposed.</summary>
    public static async Task<ComposedNotice> SignedAsync(RectifyDb db, Scope scope, int inspectionId, UpwardReportKind kind, CancellationToken ct)
    {
        var (_, report) = await LoadAsync(db, scope, inspectionId, kind, ct);
        if (report is not { State: UpwardReportState.Approved, FrozenJson: { } json })
            throw new DomainException($"{kind.Chinese()}尚未经单位主要负责人审批,只能下载草稿");
        return Frozen(json);
    }

    public static ComposedNotice Frozen(string json) => JsonSerializer.Deserialize<ComposedNotice>(json) ?? throw new InvalidOperationException("frozen report is empty");

    public static UpwardReportView View(UpwardReportKind kind, UpwardReport? r) => new(
        kind.Code(), kind.Chinese(), (r?.State ?? UpwardReportState.Draft) switch { UpwardReportState.Submitted => "submitted", UpwardReportState.Approved => "approved", _ => "draft" },
        r?.FrozenJson is { } j ? Frozen(j).Title : null, r?.SubmittedBy, r?.SubmittedAt, r?.ApprovedBy, r?.ApprovedAt, r?.Sha256);

    public static string StateChinese(UpwardReport? r) => (r?.State ?? UpwardReportState.Draft) switch
    {
        UpwardReportState.Submitted => "已提交审核,待主要负责人审批",
        UpwardReportState.Approved => "已审批",
        _ => "草稿",
    };
}
