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
public sealed record ImportRequest(LedgerDocument? Document, int? OrganizationId);

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
                return TypedResults.Problem("公告须以 multipart/form-data 上传(字段 file)", statusCode: StatusCodes.Status415UnsupportedMediaType);
            var form = await http.Request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null) return TypedResults.Problem("没有上传文件(字段 file)", statusCode: StatusCodes.Status422UnprocessableEntity);
            try
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                var doc = NoticeImporter.Import(buffer.ToArray(), Path.GetFileName(file.FileName), limits.Archive);
                if (!doc.AllProblems.Any())
                    throw new ImportRefusedException("没有找到逐条列出的问题,这似乎不是整改进展情况公告或通报");
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
            if (body.Document is null) return TypedResults.Problem("缺少 document(台账 JSON)", statusCode: StatusCodes.Status422UnprocessableEntity);
            if (body.OrganizationId is not { } orgId) return TypedResults.Problem("缺少 organizationId(归属单位)", statusCode: StatusCodes.Status422UnprocessableEntity);
            // Another unit's organisation is answered like one that does not exist.
            if (!scope.CanEdit(orgId) || !await db.Organizations.AnyAsync(o => o.Id == orgId, ct)) return TypedResults.NotFound();
            // DomainException (repeated ordinal, unknown status…) becomes a 422 ProblemDetails.
            var inspection = await LedgerTransfer.LoadAsync(db, body.Document.WithComputedCounts(), clock, orgId, ct, mayCreateRound: scope.IsOffice);
            return TypedResults.Created($"/inspections/{inspection.Id}", new ImportCreated(inspection.Id, inspection.Problems.Count));
        });
        return group;
    }
}
