using Microsoft.EntityFrameworkCore;
using Rectify.Core.Documents;
using Rectify.Core.Domain;
using Rectify.Core.Notices;
using Rectify.Core.Supervision;
using Rectify.Data;

namespace Rectify.Features.Documents;

/// <summary>
/// The GB/T 9704 frame of each formal document, from the settings of the organisation that issues it
/// (/admin/documents) and its round: the notice and the upward reports are the inspected unit's, the
/// round summary the office's (the top of the organisation tree), an order to rectify the commission's.
/// </summary>
public static class DocumentFrames
{
    /// <summary>Settings of an organisation; null when none were saved (then: no 版头, no 版记).</summary>
    public static Task<DocumentSettings?> SettingsAsync(RectifyDb db, int? organizationId, CancellationToken ct) =>
        organizationId is { } id ? db.DocumentSettings.AsNoTracking().FirstOrDefaultAsync(s => s.OrganizationId == id, ct) : Task.FromResult<DocumentSettings?>(null);

    static async Task<(Organization? Org, InspectionRound? Round)> UnitAsync(RectifyDb db, int inspectionId, CancellationToken ct)
    {
        var org = await db.InspectionTargets.AsNoTracking().Where(t => t.InspectionId == inspectionId).OrderBy(t => t.Ordinal).Select(t => t.Organization).FirstOrDefaultAsync(ct);
        var round = await db.Inspections.AsNoTracking().Where(i => i.Id == inspectionId).Select(i => i.Round).FirstOrDefaultAsync(ct);
        return (org, round);
    }

    /// <summary>The progress notice (公告): to the public, so no 主送机关 and no 签发人; its number when the unit gave one.</summary>
    public static async Task<OfficialDocument> NoticeAsync(RectifyDb db, int inspectionId, Notice? notice, ComposedNotice content, CancellationToken ct)
    {
        // A published notice keeps the frame it went out with.
        if (notice is { State: SignOffState.Published, PublishedJson: { } json } && Features.Notices.PublishedNotice.FromJson(json).Document is { } frozen)
            return frozen with { Content = content };
        var (org, _) = await UnitAsync(db, inspectionId, ct);
        var kind = content.Title.EndsWith("通报", StringComparison.Ordinal) ? "通报" : "公告";
        return OfficialDocument.Frame(content, await SettingsAsync(db, org?.Id, ct), kind, upward: false, serial: notice?.Serial);
    }

    /// <summary>An upward report: 发文字号, 签发人 (the principal leader) and 主送机关 (the round's, else the unit's) required.</summary>
    public static async Task<OfficialDocument> UpwardReportAsync(RectifyDb db, int inspectionId, UpwardReportKind kind, int? serial, ComposedNotice content, CancellationToken ct)
    {
        var (org, round) = await UnitAsync(db, inspectionId, ct);
        return OfficialDocument.Frame(content, await SettingsAsync(db, org?.Id, ct), kind.Chinese(), upward: true, serial: serial,
            signer: org?.PrincipalLeader, recipient: round?.ReportRecipient, attachments: UpwardReports.Attachments(kind),
            signedByPerson: kind == UpwardReportKind.PrincipalLeader);
    }

    /// <summary>The office: the organisation at the top of the tree (the district), whose settings the round summary uses.</summary>
    public static Task<Organization?> OfficeAsync(RectifyDb db, CancellationToken ct) =>
        db.Organizations.AsNoTracking().Where(o => o.ParentId == null).OrderBy(o => o.Level).ThenBy(o => o.Id).FirstOrDefaultAsync(ct);

    /// <summary>The round summary: the office's report to the round's leading body (the round's 主送机关 when set).</summary>
    public static async Task<OfficialDocument> RoundSummaryAsync(RectifyDb db, InspectionRound round, ComposedNotice content, CancellationToken ct)
    {
        var office = await OfficeAsync(db, ct);
        return OfficialDocument.Frame(content, await SettingsAsync(db, office?.Id, ct), "整改情况汇总", upward: false,
            signer: office?.PrincipalLeader, recipient: round.ReportRecipient);
    }

    /// <summary>
    /// 责令限期整改通知 of a recorded order: issued in the office's name and frame (the commission and the
    /// office supervise together; the office's 公文格式设置 name who signs), sent to the unit ordered alone —
    /// never to the settings' 主送机关, which is the upward reports' — numbered by its place among the
    /// year's orders, so the number never changes and no two orders share one.
    /// </summary>
    public static async Task<OfficialDocument> OrderAsync(RectifyDb db, SupervisionAction order, CancellationToken ct)
    {
        var office = await OfficeAsync(db, ct);
        var settings = await SettingsAsync(db, office?.Id, ct);
        var issuer = await OfficeSignatureAsync(db, ct);
        var unit = order.TargetOrganizationId is { } u
            ? await db.Organizations.AsNoTracking().Where(o => o.Id == u).Select(o => new { o.Name, o.FullName }).FirstOrDefaultAsync(ct)
            : null;
        var problems = order.ProblemIds.Count == 0 ? []
            : await db.Problems.AsNoTracking().Where(p => order.ProblemIds.Contains(p.Id)).OrderBy(p => p.Ordinal).Select(p => new OrderedProblem(p.Ordinal, p.Title)).ToListAsync(ct);
        var year = order.Date.Year;
        var serial = await db.SupervisionActions.CountAsync(a => a.Kind == SupervisionKind.OrderToRectify && a.Date >= new DateOnly(year, 1, 1) && a.Date <= new DateOnly(year, 12, 31)
            && (a.Date < order.Date || (a.Date == order.Date && a.Id <= order.Id)), ct);
        var content = OrderDocument.Compose(new OrderFacts(unit?.Name, order.Date, order.Deadline, order.Findings, problems, order.TargetDepartment, order.TargetPerson, issuer));
        return OfficialDocument.Frame(content, settings, OrderDocument.Name, upward: false, serial: serial, addressed: true) with { MainRecipient = unit?.FullName ?? unit?.Name };
    }

    /// <summary>How the office signs: its settings' 署名, else "区委巡察工作领导小组办公室".</summary>
    public static async Task<string> OfficeSignatureAsync(RectifyDb db, CancellationToken ct)
    {
        var office = await OfficeAsync(db, ct);
        var s = await SettingsAsync(db, office?.Id, ct);
        return string.IsNullOrWhiteSpace(s?.Signature) ? "区委巡察工作领导小组办公室" : s.Signature.Trim();
    }
}
