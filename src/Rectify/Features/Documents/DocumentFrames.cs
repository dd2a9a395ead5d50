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

    /// <summary>The progress notice (公告): to the public, so no 主送机关, no 签发人 and no 份号, 密级 or 紧急程度; its number when the unit gave one.</summary>
    public static async Task<OfficialDocument> NoticeAsync(RectifyDb db, int inspectionId, Notice? notice, ComposedNotice content, CancellationToken ct)
    {
        // A published notice keeps the frame it went out with.
        if (notice is { State: SignOffState.Published, PublishedJson: { } json } && Features.Notices.PublishedNotice.FromJson(json).Document is { } frozen)
            return frozen with { Content = content };
        var (org, _) = await UnitAsync(db, inspectionId, ct);
        var kind = content.Title.EndsWith("通报", StringComparison.Ordinal) ? "通报" : "公告";
        return OfficialDocument.Frame(content, await SettingsAsync(db, org?.Id, ct), kind, upward: false, serial: notice?.Serial, toThePublic: true);
    }

    /// <summary>An upward report: 发文字号, 签发人 (the principal leader) and 主送机关 (the round's, else the unit's) required.</summary>
    public static async Task<OfficialDocument> UpwardReportAsync(RectifyDb db, int inspectionId, UpwardReportKind kind, int? serial, ComposedNotice content, CancellationToken ct)
    {
        var (org, round) = await UnitAsync(db, inspectionId, ct);
        var inspection = await db.Inspections.Where(i => i.Id == inspectionId).Select(i => i.Kind).FirstOrDefaultAsync(ct);
        return OfficialDocument.Frame(content, await SettingsAsync(db, org?.Id, ct), kind.Chinese(), upward: true, serial: serial,
            signer: org?.PrincipalLeader, recipient: round?.ReportRecipient, attachments: UpwardReports.Attachments(kind, inspection),
            signedByPerson: kind == UpwardReportKind.PrincipalLeader);
    }

    /// <summary>The office: the organisation at the top of the tree (the district), whose settings the round summary uses.</summary>
    public static Task<Organization?> OfficeAsync(RectifyDb db, CancellationToken ct) =>
        db.Organizations.AsNoTracking().Where(o => o.ParentId == null).OrderBy(o => o.Level).ThenBy(o => o.Id).FirstOrDefaultAsync(ct);

    /// <summary>What refusals call the round summary.</summary>
    public const string SummaryName = "整改情况汇总";

    /// <summary>The round summary: the office's report to the round's leading body (the round's 主送机关 when set).</summary>
    public static async Task<OfficialDocument> RoundSummaryAsync(RectifyDb db, InspectionRound round, ComposedNotice content, int? serial, CancellationToken ct)
    {
        var office = await OfficeAsync(db, ct);
        return RoundSummary(content, await SettingsAsync(db, office?.Id, ct), office, round.ReportRecipient, serial);
    }

    /// <summary>
    /// The round summary's frame: an upward report (上行文) of the office to the round's leading body, so
    /// like the unit's reports it needs its 发文字号 (the office's 机关代字 and the 发文顺序号 its registry
    /// gives when it goes out), its 签发人 and its 主送机关.
    /// </summary>
    public static OfficialDocument RoundSummary(ComposedNotice content, DocumentSettings? settings, Organization? office, string? roundRecipient, int? serial) =>
        OfficialDocument.Frame(content, settings, SummaryName, upward: true, serial: serial, signer: office?.PrincipalLeader, recipient: roundRecipient)
            with { IssuedBy = office?.Name };

    /// <summary>
    /// Where the organisation marked on /admin/documents as the discipline commission (纪委监委) is kept: an
    /// <see cref="AppSetting"/> holding its id, so that the mark needs no column and only one can be marked.
    /// </summary>
    public const string CommissionKey = "documents:commission";

    /// <summary>The organisation marked as the commission; null while none is (or the one marked is gone).</summary>
    public static async Task<Organization?> CommissionAsync(RectifyDb db, CancellationToken ct)
    {
        var value = await db.Settings.AsNoTracking().Where(s => s.Key == CommissionKey).Select(s => s.Value).FirstOrDefaultAsync(ct);
        return int.TryParse(value, out var id) ? await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) : null;
    }

    /// <summary>
    /// 责令限期整改通知 of a recorded order: an order to rectify is the discipline commission's, so it goes
    /// out in the name and frame of the organisation marked as the commission (its 公文格式设置: 署名, else
    /// its full name; 发文机关标志, 机关代字, 版记), never the office's. Sent to the unit ordered alone — never
    /// to the settings' 主送机关, which is the upward reports' — numbered by its place among the year's
    /// orders, so the number never changes and no two orders share one. With no commission marked it
    /// cannot be framed: refused (422) saying where to mark one.
    /// </summary>
    public static async Task<OfficialDocument> OrderAsync(RectifyDb db, SupervisionAction order, CancellationToken ct)
    {
        var commission = await CommissionAsync(db, ct)
            ?? throw OfficialDocument.Refusal(OrderDocument.Name, "印发",
                ["发文机关（尚未指定纪委监委：请巡察办管理员在“公文格式设置”中选定纪委监委所在的单位，勾选“本单位是纪委监委”并填写其公文要素）"]);
        var settings = await SettingsAsync(db, commission.Id, ct);
        var issuer = Signature(settings, commission.FullName ?? commission.Name);
        var unit = order.TargetOrganizationId is { } u
            ? await db.Organizations.AsNoTracking().Where(o => o.Id == u).Select(o => new { o.Name, o.FullName }).FirstOrDefaultAsync(ct)
            : null;
        var problems = order.ProblemIds.Count == 0 ? []
            : await db.Problems.AsNoTracking().Where(p => order.ProblemIds.Contains(p.Id)).OrderBy(p => p.Ordinal).Select(p => new OrderedProblem(p.Ordinal, p.Title)).ToListAsync(ct);
        var year = order.Date.Year;
        var serial = await db.SupervisionActions.CountAsync(a => a.Kind == SupervisionKind.OrderToRectify && a.Date >= new DateOnly(year, 1, 1) && a.Date <= new DateOnly(year, 12, 31)
            && (a.Date < order.Date || (a.Date == order.Date && a.Id <= order.Id)), ct);
        var content = OrderDocument.Compose(new OrderFacts(unit?.Name, order.Date, order.Deadline, order.Findings, problems, order.TargetDepartment, order.TargetPerson, issuer));
        return OfficialDocument.Frame(content, settings, OrderDocument.Name, upward: false, serial: serial, addressed: true)
            with { MainRecipient = unit?.FullName ?? unit?.Name, IssuedBy = commission.Name };
    }

    /// <summary>How the office signs: its settings' 署名, else "区委巡察工作领导小组办公室".</summary>
    public static async Task<string> OfficeSignatureAsync(RectifyDb db, CancellationToken ct)
    {
        var office = await OfficeAsync(db, ct);
        return Signature(await SettingsAsync(db, office?.Id, ct), "区委巡察工作领导小组办公室");
    }

    /// <summary>发文机关署名 from what was read: the settings' 署名 when set, else <paramref name="otherwise"/>.</summary>
    static string Signature(DocumentSettings? settings, string otherwise) =>
        string.IsNullOrWhiteSpace(settings?.Signature) ? otherwise : settings.Signature.Trim();
}
