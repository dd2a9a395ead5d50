using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;
using Rectify.Core.Notices;
using Rectify.Core.Documents;
using Rectify.Data;
using Rectify.Features.Documents;
using Rectify.Infrastructure;

namespace Rectify.Features.Notices;

/// <summary>The notice of an inspection as JSON: the current one (draft composed live, published from its frozen blocks).</summary>
public sealed record NoticeView(int? Id, string State, string StateText, string Title, DateOnly AsOf, NoticeDocumentKind DocumentKind,
    string? LeadershipText, string? NextStepsText, string? TitleTemplate,
    string? SubmittedBy, DateTimeOffset? SubmittedAt, bool SecrecyReviewed, string? ApprovedBy, DateTimeOffset? ApprovedAt,
    string? PublishedBy, DateTimeOffset? PublishedAt, string? PublishedSha256,
    LedgerCounts Counts, IReadOnlyList<NoticeBlock> Blocks);

public sealed record NoticeSubmitRequest(bool SecrecyReviewed, int? Serial = null);
public sealed record NoticeWithholdRequest(int ProblemId, bool Withheld, string? Reason);

/// <summary>/api/inspections/{id}/notice…: the same operations as the notice page; refusals are ProblemDetails.</summary>
public static class NoticesApi
{
    public static RouteGroupBuilder MapNoticesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/inspections/{id:int}/notice").RequireAuthorization().WithTags("Notices");

        group.MapGet("/", async (int id, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var scope = await currentScope.RequiredAsync(ct);
            await NoticePublication.InspectionInScopeAsync(db, scope, id, ct);
            var notice = await NoticePublication.CurrentAsync(db, id, ct);
            return TypedResults.Ok(await ViewAsync(db, id, notice, clock, ct));
        });

        group.MapGet("/preview", async (int id, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            TypedResults.Text(NoticeHtmlWriter.Write((await RenderAsync(currentScope, db, id, clock, ct)).Content), "text/html; charset=utf-8"));

        group.MapGet("/{format:regex(^(docx|txt|md|html|pdf)$)}", async (int id, string format, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, PdfConverter pdf, CancellationToken ct) =>
        {
            var document = await RenderAsync(currentScope, db, id, clock, ct, n => Public.PublicPortal.NoticeUrl(http, n));
            var (bytes, type) = format == "pdf" ? await pdf.FileAsync(document, ct) : Write(document, format);
            return TypedResults.File(bytes, type, FileName(document.Content, format));
        });

        group.MapPut("/", async (int id, NoticeDraftForm form, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var scope = await currentScope.RequiredAsync(ct);
            var notice = await NoticePublication.SaveDraftAsync(db, scope, id, form, clock, ct);
            return TypedResults.Ok(await ViewAsync(db, id, notice, clock, ct));
        });

        group.MapPost("/submit", async (int id, NoticeSubmitRequest body, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            TypedResults.Ok(await ViewAsync(db, id, await NoticePublication.SubmitAsync(db, await currentScope.RequiredAsync(ct), id, body.SecrecyReviewed, clock, ct, body.Serial), clock, ct)));

        group.MapPost("/approve", async (int id, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            TypedResults.Ok(await ViewAsync(db, id, await NoticePublication.ApproveAsync(db, await currentScope.RequiredAsync(ct), id, clock, ct), clock, ct)));

        group.MapPost("/publish", async (int id, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            TypedResults.Ok(await ViewAsync(db, id, await NoticePublication.PublishAsync(db, await currentScope.RequiredAsync(ct), id, clock, ct), clock, ct)));

        group.MapPost("/return", async (int id, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            TypedResults.Ok(await ViewAsync(db, id, await NoticePublication.ReturnAsync(db, await currentScope.RequiredAsync(ct), id, ct), clock, ct)));

        group.MapPost("/withhold", async (int id, NoticeWithholdRequest body, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            await NoticePublication.SetWithheldAsync(db, await currentScope.RequiredAsync(ct), id, body.ProblemId, body.Withheld, body.Reason, clock, ct);
            return TypedResults.NoContent();
        });
        return group;
    }

    static async Task<OfficialDocument> RenderAsync(CurrentScope currentScope, RectifyDb db, int id, OfficeClock clock, CancellationToken ct, Func<int, string>? publicUrl = null)
    {
        var scope = await currentScope.RequiredAsync(ct);
        await NoticePublication.InspectionInScopeAsync(db, scope, id, ct);
        var notice = await NoticePublication.CurrentAsync(db, id, ct);
        return await DocumentFrames.NoticeAsync(db, id, notice, await NoticePublication.RenderAsync(db, id, notice, clock, ct, publicUrl), ct);
    }

    public static async Task<NoticeView> ViewAsync(RectifyDb db, int inspectionId, Notice? n, OfficeClock clock, CancellationToken ct)
    {
        var composed = await NoticePublication.RenderAsync(db, inspectionId, n, clock, ct);
        var state = n?.State ?? SignOffState.Draft;
        return new NoticeView(n?.Id, state.ToString().ToLowerInvariant(), StateText(n), composed.Title, composed.Date, n?.DocumentKind ?? NoticeDocumentKind.Announcement,
            n?.LeadershipText, n?.NextStepsText, n?.TitleTemplate, n?.SubmittedBy, n?.SubmittedAt, n?.SecrecyReviewed ?? false,
            n?.ApprovedBy, n?.ApprovedAt, n?.PublishedBy, n?.PublishedAt, n?.PublishedSha256, composed.Counts, composed.Blocks);
    }

    public static string StateText(Notice? n) => n?.State switch
    {
        null => "未起草",
        SignOffState.Draft => "草稿",
        SignOffState.Submitted => "审核中",
        SignOffState.Approved => "已审批",
        _ => "已发布",
    };

    /// <summary>The notice in a text format; .docx with its GB/T 9704 frame (the .pdf is made from it by <see cref="PdfConverter"/>).</summary>
    public static (byte[] Bytes, string ContentType) Write(OfficialDocument document, string format) => format switch
    {
        "docx" => (NoticeDocxWriter.ToBytes(document), DocxType),
        "txt" => (Utf8(NoticeTextWriter.Write(document.Content)), "text/plain; charset=utf-8"),
        "md" => (Utf8(NoticeMarkdownWriter.Write(document.Content)), "text/markdown; charset=utf-8"),
        "html" => (Utf8(NoticeHtmlWriter.Write(document.Content)), "text/html; charset=utf-8"),
        _ => throw new DomainException($"未知的格式“{format}”：可选 docx、pdf、txt、md、html"),
    };

    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>"2023-09-08 整改进展情况公告.docx": the date and the document kind, no path characters.</summary>
    public static string FileName(ComposedNotice composed, string format) =>
        $"{composed.Date:yyyy-MM-dd} 整改进展情况{(composed.Title.EndsWith("通报", StringComparison.Ordinal) ? "通报" : "公告")}.{format}";

    static byte[] Utf8(string s) => new UTF8Encoding(false).GetBytes(s);
}
