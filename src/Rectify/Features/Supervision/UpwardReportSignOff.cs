using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Documents;
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

    public static async Task<UpwardReport> SubmitAsync(RectifyDb db, Scope scope, int inspectionId, UpwardReportKind kind, bool secrecyReviewed, OfficeClock clock, CancellationToken ct, int? serial = null)
    {
        var (inspection, report) = await LoadAsync(db, scope, inspectionId, kind, ct);
        if (!scope.CanEdit(inspection.PrimaryOrganizationId))
            throw new ForbiddenException($"只有本单位填报员或巡察办管理员可以提交{kind.Chinese()}");
        report ??= db.UpwardReports.Add(new UpwardReport { InspectionId = inspectionId, Kind = kind }).Entity;
        if (serial is <= 0) throw new DomainException("发文顺序号须为正整数");
        var document = await UpwardReportFiles.DocumentAsync(db, scope, inspectionId, kind, serial ?? report.Serial, clock.Today, ct);
        // The notice's sign-off (SignedDocument): the state, the 保密审查 and every element filled, then the document is frozen with its frame.
        report.Submit(scope.User.UserName!, clock.UtcNow, secrecyReviewed, document);
        report.Serial = document.Serial;
        report.FrozenJson = JsonSerializer.Serialize(document);
        report.Sha256 = PublishedNotice.Sha256(NoticeTextWriter.Write(document.Content));
        await Notifications.Events.SignOffWaitingAsync(db, inspectionId, report, kind.Chinese(), $"/inspections/{inspectionId}/supervision", scope.User.Id, ct);
        await db.SaveChangesAsync(ct);
        return report;
    }

    public static async Task<UpwardReport> ApproveAsync(RectifyDb db, Scope scope, int inspectionId, UpwardReportKind kind, OfficeClock clock, CancellationToken ct)
    {
        var (inspection, report) = await LoadAsync(db, scope, inspectionId, kind, ct);
        if (!scope.CanSign(inspection.PrimaryOrganizationId))
            throw new ForbiddenException($"只有本单位签发人、主要负责人（单位领导）或巡察办可以审批{kind.Chinese()}");
        if (report is null) throw new DomainException($"只有已提交审核的{kind.Chinese()}才能审批");
        // What is signed is the frozen text; one frozen before the elements were asked for is refused here.
        report.Approve(scope.User.UserName!, clock.UtcNow, report.FrozenJson is { } json ? Frozen(json) : OfficialDocument.Of(Empty(kind)));
        await Notifications.Events.SignedAsync(db, inspectionId, report, kind.Chinese(), $"/inspections/{inspectionId}/supervision", false, scope.User.Id, ct);
        await db.SaveChangesAsync(ct);
        return report;
    }

    /// <summary>退回修改: the notice's return, for a report under review or signed and not yet sent.</summary>
    public static async Task<UpwardReport> ReturnAsync(RectifyDb db, Scope scope, int inspectionId, UpwardReportKind kind, CancellationToken ct)
    {
        var (inspection, report) = await LoadAsync(db, scope, inspectionId, kind, ct);
        if (!scope.CanEdit(inspection.PrimaryOrganizationId) && !scope.CanSign(inspection.PrimaryOrganizationId))
            throw new ForbiddenException($"只有本单位填报员、签发人、单位领导或巡察办可以退回{kind.Chinese()}");
        if (report is null) throw new DomainException($"只有审核中或已审批未发布的{kind.Chinese()}可以退回修改");
        report.Return();
        await db.SaveChangesAsync(ct);
        return report;
    }

    /// <summary>The approved report from its frozen blocks, never recomposed.</summary>
    public static async Task<OfficialDocument> SignedAsync(RectifyDb db, Scope scope, int inspectionId, UpwardReportKind kind, CancellationToken ct)
    {
        var (_, report) = await LoadAsync(db, scope, inspectionId, kind, ct);
        if (report is not { State: SignOffState.Approved, FrozenJson: { } json })
            throw new DomainException($"{kind.Chinese()}尚未经单位主要负责人审批，只能下载草稿");
        return Frozen(json);
    }

    /// <summary>
    /// The frozen report: the whole document with its frame; a report frozen before the frame existed
    /// held only its text, and comes back as a bare document (no 发文字号, no 签发人), which the sign-off refuses.
    /// </summary>
    public static OfficialDocument Frozen(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        if (parsed.RootElement.TryGetProperty(nameof(OfficialDocument.Content), out _))
            return JsonSerializer.Deserialize<OfficialDocument>(json) ?? throw new InvalidOperationException("frozen report is empty");
        var content = JsonSerializer.Deserialize<ComposedNotice>(json) ?? throw new InvalidOperationException("frozen report is empty");
        return new OfficialDocument { Content = content, Upward = true };
    }

    static ComposedNotice Empty(UpwardReportKind kind) => new(kind.Chinese(), [], new Core.Interchange.LedgerCounts(), "", default);

    public static UpwardReportView View(UpwardReportKind kind, UpwardReport? r) => new(
        kind.Code(), kind.Chinese(), (r?.State ?? SignOffState.Draft) switch { SignOffState.Submitted => "submitted", SignOffState.Approved => "approved", _ => "draft" },
        r?.FrozenJson is { } j ? Frozen(j).Content.Title : null, r?.SubmittedBy, r?.SubmittedAt, r?.ApprovedBy, r?.ApprovedAt, r?.Sha256);

    public static string StateChinese(UpwardReport? r) => (r?.State ?? SignOffState.Draft) switch
    {
        SignOffState.Submitted => "已提交审核，待主要负责人审批",
        SignOffState.Approved => "已审批",
        _ => "草稿",
    };
}
