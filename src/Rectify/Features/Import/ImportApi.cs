using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Import;
using Rectify.Core.Interchange;
using Rectify.Data;
using Rectify.Features.Inspections;
using Rectify.Infrastructure;

namespace Rectify.Features.Import;

/// <summary>The notice to attach as a new inspection, after the caller has looked at the preview.</summary>
/// <param name="AllowDuplicate">Saves a notice that repeats a saved one, or a second ledger of the unit in the round (<see cref="NoticeDuplicates"/>), all the same.</param>
public sealed record ImportRequest(LedgerDocument? Document, int? OrganizationId, bool AllowDuplicate = false);

public sealed record ImportCreated(int Id, int Problems);

public static class ImportApi
{
    public static RouteGroupBuilder MapImportApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/import").RequireAuthorization().WithTags("Import");

        // Parses only; nothing is stored. A cookie-free client posts the file with its Bearer token.
        group.MapPost("/preview", async Task<Results<Ok<LedgerDocument>, ProblemHttpResult, ForbidHttpResult, UnauthorizedHttpResult>> (HttpContext http, RectifyDb db, UploadLimits limits, CurrentScope currentScope, CancellationToken ct) =>
        {
            var scope = await currentScope.GetAsync(ct);
            if (scope is null) return TypedResults.Unauthorized();
            if (!ImportLimits.MayImport(scope)) return TypedResults.Forbid();
            if (!http.Request.HasFormContentType)
                return TypedResults.Problem("公告须以 multipart/form-data 上传（字段 file）", statusCode: StatusCodes.Status415UnsupportedMediaType);
            var form = await http.Request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null) return TypedResults.Problem("没有上传文件（字段 file）", statusCode: StatusCodes.Status422UnprocessableEntity);
            try
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                var notice = NoticeImporter.Read(buffer.ToArray(), Path.GetFileName(file.FileName), limits.Archive);
                var doc = NoticeImporter.Parse(notice);
                if (NoticeParser.RefusalToSave(doc) is { } refusal) throw new ImportRefusedException(refusal);
                // The fingerprint travels with the document, so that saving it can tell a second import.
                doc.SourceHash = NoticeImporter.SourceHash(notice.Text);
                if (await NoticeDuplicates.FindAsync(db, doc, doc.SourceHash, ct) is { } dup)
                    doc.Findings.Insert(0, new Finding("duplicate", Finding.Warning, scope.Sees(dup.OrganizationId)
                        ? $"这份公告与已保存的巡察“{dup.Title}”重复（{dup.Reason}），保存时将被拒绝，除非确需再存一份"
                        : $"这份公告与已保存的台账重复（{dup.Reason}），保存时将被拒绝，除非确需再存一份"));
                return TypedResults.Ok(doc.WithComputedCounts());
            }
            catch (ImportRefusedException e)
            {
                return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "无法导入");
            }
        }).DisableAntiforgery();

        // Stores the (possibly corrected) document; validated like any uploaded ledger.
        group.MapPost("/", async Task<Results<Created<ImportCreated>, ProblemHttpResult, NotFound, ForbidHttpResult, UnauthorizedHttpResult>> (ImportRequest body, HttpContext http, RectifyDb db, Rectify.Core.OfficeClock clock, CurrentScope currentScope, CancellationToken ct) =>
        {
            var scope = await currentScope.GetAsync(ct);
            if (scope is null) return TypedResults.Unauthorized();
            if (!ImportLimits.MayImport(scope)) return TypedResults.Forbid();
            if (body.Document is null) return TypedResults.Problem("缺少 document（台账 JSON）", statusCode: StatusCodes.Status422UnprocessableEntity);
            if (body.OrganizationId is not { } orgId) return TypedResults.Problem("缺少 organizationId（归属单位）", statusCode: StatusCodes.Status422UnprocessableEntity);
            // Another unit's organisation is answered like one that does not exist.
            if (!scope.CanEdit(orgId) || !await db.Organizations.AnyAsync(o => o.Id == orgId, ct)) return TypedResults.NotFound();
            if (NoticeParser.RefusalToSave(body.Document) is { } refusal)
                return TypedResults.Problem(refusal, statusCode: StatusCodes.Status422UnprocessableEntity, title: "无法导入");
            // As `rectify import --save`: a notice already saved is refused unless the caller says so.
            var hash = body.Document.SourceHash is { Length: 64 } h ? h : null;
            // And, as the Excel import page, a second ledger of the unit in the same round.
            if (!body.AllowDuplicate && (await NoticeDuplicates.FindAsync(db, body.Document, hash, ct) ?? await NoticeDuplicates.FindLedgerAsync(db, body.Document, orgId, ct)) is { } dup)
                return TypedResults.Problem(dup.Refusal(scope.Sees(dup.OrganizationId), "\"allowDuplicate\": true"), statusCode: StatusCodes.Status409Conflict, title: "重复导入");
            // DomainException (repeated ordinal, unknown status…) becomes a 422 ProblemDetails.
            var inspection = await LedgerTransfer.LoadAsync(db, body.Document.WithComputedCounts(), clock, orgId, ct, mayCreateRound: scope.IsOffice, sourceHash: hash, actorId: scope.User.Id);
            return TypedResults.Created($"/inspections/{inspection.Id}", new ImportCreated(inspection.Id, inspection.Problems.Count));
        });
        return group;
    }
}
