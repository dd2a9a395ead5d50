using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Notices;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;

namespace Rectify.Features.Notices;

/// <summary>What the unit edits on a draft notice.</summary>
public sealed record NoticeDraftForm(string? LeadershipText, string? NextStepsText, string? TitleTemplate, NoticeDocumentKind DocumentKind, string? AsOf);

/// <summary>
/// 党务公开 of a progress notice: draft → submitted (审核, with the 保密审查 confirmation) → approved by
/// the unit's principal leader → published, when the text is frozen with its SHA-256. Every operation
/// refuses with the reason (DomainException) and writes nothing then; each ends in one SaveChanges.
/// Pages and the API share these methods.
/// </summary>
public static class NoticePublication
{
    /// <summary>The inspection if the user sees it; otherwise 404 (ids of other units are not confirmed).</summary>
    public static async Task<Inspection> InspectionInScopeAsync(RectifyDb db, Scope scope, int inspectionId, CancellationToken ct) =>
        await scope.Inspections(db).Include(i => i.Targets).Include(i => i.Round).AsNoTracking().FirstOrDefaultAsync(i => i.Id == inspectionId, ct)
            ?? throw new NotFoundException($"巡察 {inspectionId} 不存在");

    /// <summary>The inspection's latest notice: the one being worked on, or the last published.</summary>
    public static Task<Notice?> CurrentAsync(RectifyDb db, int inspectionId, CancellationToken ct) =>
        db.Notices.Where(n => n.InspectionId == inspectionId).OrderByDescending(n => n.Id).FirstOrDefaultAsync(ct);

    public static Task<List<Notice>> PublishedAsync(RectifyDb db, int inspectionId, CancellationToken ct) =>
        db.Notices.AsNoTracking().Where(n => n.InspectionId == inspectionId && n.State == SignOffState.Published).OrderByDescending(n => n.Id).ToListAsync(ct);

    /// <summary>Composes the notice from the ledger with the draft's free sections (none: the defaults).</summary>
    public static async Task<(NoticeInput Input, ComposedNotice Composed)> ComposeAsync(RectifyDb db, int inspectionId, Notice? draft, DateOnly asOf, CancellationToken ct)
    {
        var input = await NoticeSource.LoadAsync(db, inspectionId, asOf, draft, ct);
        return (input, NoticeComposer.Compose(input));
    }

    /// <summary>
    /// What the notice is now: a published one from its frozen blocks; a draft (or none yet) composed
    /// from the ledger as it stands.
    /// </summary>
    /// <param name="publicUrl">The public page of a published notice by its id (码上监督): its QR code goes into the .docx.</param>
    public static async Task<ComposedNotice> RenderAsync(RectifyDb db, int inspectionId, Notice? notice, OfficeClock clock, CancellationToken ct, Func<int, string>? publicUrl = null)
    {
        var composed = notice is { State: SignOffState.Published, PublishedJson: { } json }
            ? PublishedNotice.FromJson(json).ToComposed()
            : (await ComposeAsync(db, inspectionId, notice, notice?.AsOf ?? clock.Today, ct)).Composed;
        // Only a published notice has a public page to point to.
        return notice is { State: SignOffState.Published } && publicUrl is not null ? composed with { PublicUrl = publicUrl(notice.Id) } : composed;
    }

    public static string TextOf(ComposedNotice composed) => NoticeTextWriter.Write(composed);

    /// <summary>Saves the free sections; starts a new draft when there is none or the last one is published.</summary>
    public static async Task<Notice> SaveDraftAsync(RectifyDb db, Scope scope, int inspectionId, NoticeDraftForm form, OfficeClock clock, CancellationToken ct)
    {
        var inspection = await InspectionInScopeAsync(db, scope, inspectionId, ct);
        if (!scope.CanEdit(inspection.PrimaryOrganizationId))
            throw new ForbiddenException("只有本单位填报员或巡察办管理员可以编辑公告草稿");
        var notice = await CurrentAsync(db, inspectionId, ct);
        if (notice is { State: SignOffState.Submitted or SignOffState.Approved })
            throw new DomainException("公告已提交审核，不能再修改；如需修改，请先退回修改");
        if (notice is null or { State: SignOffState.Published })
            notice = db.Notices.Add(new Notice { InspectionId = inspectionId, Title = "" }).Entity;

        var asOf = string.IsNullOrWhiteSpace(form.AsOf) ? clock.Today : NoticeSource.ParseDate(form.AsOf);
        if (asOf > clock.Today) throw new DomainException($"截至日期{ChineseText.Date(asOf)}晚于今天，不能公布尚未发生的整改进展");
        var template = string.IsNullOrWhiteSpace(form.TitleTemplate) ? null : form.TitleTemplate.Trim();
        if (template is not null && template.Length > 200) throw new DomainException("标题模板不能超过200个字");
        notice.LeadershipText = Clean(form.LeadershipText);
        notice.NextStepsText = Clean(form.NextStepsText);
        notice.TitleTemplate = template;
        notice.DocumentKind = form.DocumentKind;
        notice.AsOf = asOf;
        // Composing checks the draft (no problems, no contacts, as-of before feedback) before anything is saved.
        var (_, composed) = await ComposeAsync(db, inspectionId, notice, asOf, ct);
        notice.Title = composed.Title;
        await db.SaveChangesAsync(ct);
        return notice;
    }

    /// <summary>提交审核: only with the 保密审查 confirmed; remembers the text's hash so that what is approved is what is published.</summary>
    public static async Task<Notice> SubmitAsync(RectifyDb db, Scope scope, int inspectionId, bool secrecyReviewed, OfficeClock clock, CancellationToken ct, int? serial = null)
    {
        var inspection = await InspectionInScopeAsync(db, scope, inspectionId, ct);
        if (!scope.CanEdit(inspection.PrimaryOrganizationId))
            throw new ForbiddenException("只有本单位填报员或巡察办管理员可以提交公告审核");
        var notice = await CurrentAsync(db, inspectionId, ct);
        if (notice is null or { State: SignOffState.Published })
            throw new DomainException("还没有公告草稿，请先保存草稿再提交审核");
        if (serial is <= 0) throw new DomainException("发文顺序号须为正整数");
        if (serial is not null && notice.State == SignOffState.Draft) notice.Serial = serial;
        // The sign-off's rules (state, 保密审查, every element filled) on the text as it would go out, then it is hashed.
        var (_, composed) = await ComposeAsync(db, inspectionId, notice, notice.AsOf, ct);
        notice.Submit(scope.User.UserName!, clock.UtcNow, secrecyReviewed, await Documents.DocumentFrames.NoticeAsync(db, inspectionId, notice, composed, ct));
        notice.Title = composed.Title;
        notice.SubmittedSha256 = PublishedNotice.Sha256(TextOf(composed));
        await Events.SignOffWaitingAsync(db, inspectionId, notice, "整改进展公告", $"/inspections/{inspectionId}/notice", scope.User.Id, ct);
        await db.SaveChangesAsync(ct);
        return notice;
    }

    /// <summary>审批 by the unit's principal leader (unit-leader in scope) or the office; never by the submitter.</summary>
    public static async Task<Notice> ApproveAsync(RectifyDb db, Scope scope, int inspectionId, OfficeClock clock, CancellationToken ct)
    {
        var inspection = await InspectionInScopeAsync(db, scope, inspectionId, ct);
        if (!scope.CanSign(inspection.PrimaryOrganizationId))
            throw new ForbiddenException("只有本单位签发人、主要负责人（单位领导）或巡察办可以审批公告");
        var notice = await CurrentAsync(db, inspectionId, ct)
            ?? throw new DomainException("只有已提交审核的公告才能审批");
        var (_, composed) = await ComposeAsync(db, inspectionId, notice, notice.AsOf, ct);
        notice.Approve(scope.User.UserName!, clock.UtcNow, await Documents.DocumentFrames.NoticeAsync(db, inspectionId, notice, composed, ct));
        await EnsureUnchangedAsync(db, inspectionId, notice, ct);
        await Events.SignedAsync(db, inspectionId, notice, "整改进展公告", $"/inspections/{inspectionId}/notice", true, scope.User.Id, ct);
        await db.SaveChangesAsync(ct);
        return notice;
    }

    /// <summary>发布: freezes the text, its SHA-256, the blocks and each problem's published status.</summary>
    public static async Task<Notice> PublishAsync(RectifyDb db, Scope scope, int inspectionId, OfficeClock clock, CancellationToken ct)
    {
        var inspection = await InspectionInScopeAsync(db, scope, inspectionId, ct);
        if (!scope.CanApprove(inspection.PrimaryOrganizationId))
            throw new ForbiddenException("只有单位领导或巡察办管理员可以发布公告");
        var notice = await CurrentAsync(db, inspectionId, ct)
            ?? throw new DomainException("公告须经单位主要负责人审批后才能发布");
        var (input, composed) = await ComposeAsync(db, inspectionId, notice, notice.AsOf, ct);
        var document = await Documents.DocumentFrames.NoticeAsync(db, inspectionId, notice, composed, ct);
        notice.EnsurePublishable(document);
        await EnsureUnchangedAsync(db, inspectionId, notice, ct);
        var ids = await db.Problems.Where(p => p.InspectionId == inspectionId).Select(p => new { p.Ordinal, p.Id }).ToDictionaryAsync(p => p.Ordinal, p => p.Id, ct);
        var text = TextOf(composed);
        notice.Title = composed.Title;
        notice.Publish(scope.User.UserName!, clock.UtcNow, text, PublishedNotice.Sha256(text), (PublishedNotice.Of(composed, input, ids) with { Document = document }).ToJson(), document);
        // The public portal lists the published problems from rows frozen with the notice, in the same save.
        await Public.PublicSnapshot.FreezeAsync(db, notice, input, ct);
        await Events.PublishedAsync(db, inspectionId, notice, scope.User.Id, ct);
        await db.SaveChangesAsync(ct);
        return notice;
    }

    /// <summary>退回修改: a submitted or approved notice goes back to draft, and must be reviewed again.</summary>
    public static async Task<Notice> ReturnAsync(RectifyDb db, Scope scope, int inspectionId, CancellationToken ct)
    {
        var inspection = await InspectionInScopeAsync(db, scope, inspectionId, ct);
        if (!scope.CanEdit(inspection.PrimaryOrganizationId) && !scope.CanSign(inspection.PrimaryOrganizationId))
            throw new ForbiddenException("只有本单位填报员、签发人、单位领导或巡察办可以退回公告");
        var notice = await CurrentAsync(db, inspectionId, ct)
            ?? throw new DomainException("只有审核中或已审批未发布的公告可以退回修改");
        notice.Return();
        await db.SaveChangesAsync(ct);
        return notice;
    }

    /// <summary>不予公开: the problem is still counted, but not itemised; the notice says why. The problem's own path (<see cref="Problems.ProblemWork.SetWithheldAsync"/>).</summary>
    public static async Task SetWithheldAsync(RectifyDb db, Scope scope, int inspectionId, int problemId, bool withheld, string? reason, OfficeClock clock, CancellationToken ct)
    {
        var inspection = await InspectionInScopeAsync(db, scope, inspectionId, ct);
        if (!scope.CanEdit(inspection.PrimaryOrganizationId))
            throw new ForbiddenException("只有本单位填报员或巡察办管理员可以设置不予公开的问题");
        if (!await db.Problems.AnyAsync(p => p.Id == problemId && p.InspectionId == inspectionId, ct))
            throw new NotFoundException($"问题 {problemId} 不在这次巡察中");
        var w = await Problems.ProblemWork.LoadAsync(db, scope, clock, problemId, ct);
        await w.SetWithheldAsync(withheld, reason, null, ct);
    }

    /// <summary>The ledger may have moved since submission; then the reviewed text is no longer the one that would be published.</summary>
    static async Task<(NoticeInput, ComposedNotice)> EnsureUnchangedAsync(RectifyDb db, int inspectionId, Notice notice, CancellationToken ct)
    {
        var (input, composed) = await ComposeAsync(db, inspectionId, notice, notice.AsOf, ct);
        if (PublishedNotice.Sha256(TextOf(composed)) != notice.SubmittedSha256)
            throw new DomainException("提交审核后台账有变化，公告内容已不同于审核稿：请退回修改后重新提交审核");
        return (input, composed);
    }

    static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Replace("\r\n", "\n").Trim();
}
