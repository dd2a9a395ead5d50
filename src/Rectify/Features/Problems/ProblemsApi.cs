using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Problems;

public sealed record StatusInput(string? Status, string? ExpectedCompletion, string? Reason, int? Version);
public sealed record VersionInput(int? Version);
public sealed record ReasonInput(string? Reason, int? Version);
public sealed record ExtensionInput(DateOnly? NewDeadline, string? Reason, int? Version);

/// <summary>
/// /api/problems/{id}…: the problem page's operations for programs. Refusals are ProblemDetails:
/// 404 outside scope, 403 wrong role, 409 stale version, 422 domain rule, 400 malformed, 413/415 files.
/// The list (GET /api/problems) belongs to the ledger feature.
/// </summary>
public static class ProblemsApi
{
    public static IEndpointRouteBuilder MapProblemsApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/problems/{id:int}").RequireAuthorization().WithTags("Problems")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        g.MapGet("/", async Task<Ok<ProblemDto>> (int id, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            TypedResults.Ok(ProblemDto.Of(await LoadAsync(currentScope, db, clock, id, ct))));

        g.MapPut("/", async Task<Ok<ProblemDto>> (int id, ProblemFields body, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var w = await LoadAsync(currentScope, db, clock, id, ct);
            await w.UpdateFieldsAsync(body, ct);
            return TypedResults.Ok(ProblemDto.Of(w));
        });

        g.MapPost("/status", async Task<Ok<ProblemDto>> (int id, StatusInput body, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var w = await LoadAsync(currentScope, db, clock, id, ct);
            await w.ChangeStatusAsync(body.Status, body.ExpectedCompletion, body.Reason, body.Version, ct);
            return TypedResults.Ok(ProblemDto.Of(w));
        });

        g.MapPost("/claim", async Task<Ok<ProblemDto>> (int id, VersionInput body, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var w = await LoadAsync(currentScope, db, clock, id, ct);
            await w.ClaimAsync(body.Version, ct);
            return TypedResults.Ok(ProblemDto.Of(w));
        });

        g.MapPost("/measures", async Task<Created<ProblemDto>> (int id, MeasureFields body, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var w = await LoadAsync(currentScope, db, clock, id, ct);
            var m = await w.AddMeasureAsync(body, ct);
            return TypedResults.Created($"/api/problems/{id}/measures/{m.Id}", ProblemDto.Of(w));
        });

        g.MapPut("/measures/{measureId:int}", async Task<Ok<ProblemDto>> (int id, int measureId, MeasureFields body, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var w = await LoadAsync(currentScope, db, clock, id, ct);
            await w.UpdateMeasureAsync(measureId, body, ct);
            return TypedResults.Ok(ProblemDto.Of(w));
        });

        g.MapDelete("/measures/{measureId:int}", async Task<Ok<ProblemDto>> (int id, int measureId, int? version, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var w = await LoadAsync(currentScope, db, clock, id, ct);
            await w.DeleteMeasureAsync(measureId, version, ct);
            return TypedResults.Ok(ProblemDto.Of(w));
        });

        // Multipart: date, text, version, files. Read by hand rather than bound, so that token
        // clients need no antiforgery token; the cookie is SameSite=Lax, so a cross-site form
        // post arrives without it.
        g.MapPost("/progress", async Task<Created<ProblemDto>> (int id, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, EvidenceStore store, CancellationToken ct) =>
        {
            var w = await LoadAsync(currentScope, db, clock, id, ct);
            if (!http.Request.HasFormContentType)
                throw new ProblemRefusedException(StatusCodes.Status415UnsupportedMediaType, "整改进展须以 multipart/form-data 提交（date、text、version、files）");
            var form = await http.Request.ReadFormAsync(ct);
            DateOnly? date = null;
            if (!string.IsNullOrWhiteSpace(form["date"]))
                date = DateOnly.TryParseExact(form["date"].ToString().Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                    : throw new ProblemRefusedException(StatusCodes.Status400BadRequest, $"日期“{form["date"]}”无效，应为 2024-03-01 这样的形式");
            int? version = int.TryParse(form["version"], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
            var entry = await w.AddProgressAsync(date, form["text"], form.Files, version, store, ct);
            return TypedResults.Created($"/api/problems/{id}#progress-{entry.Id}", ProblemDto.Of(w));
        }).DisableAntiforgery();

        g.MapPost("/closure/request", async Task<Ok<ProblemDto>> (int id, VersionInput body, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var w = await LoadAsync(currentScope, db, clock, id, ct);
            await w.RequestClosureAsync(body.Version, ct);
            return TypedResults.Ok(ProblemDto.Of(w));
        });
        g.MapPost("/closure/approve", async Task<Ok<ProblemDto>> (int id, ReasonInput body, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var w = await LoadAsync(currentScope, db, clock, id, ct);
            await w.DecideClosureAsync(true, body.Reason, body.Version, ct);
            return TypedResults.Ok(ProblemDto.Of(w));
        });
        g.MapPost("/closure/reject", async Task<Ok<ProblemDto>> (int id, ReasonInput body, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var w = await LoadAsync(currentScope, db, clock, id, ct);
            await w.DecideClosureAsync(false, body.Reason, body.Version, ct);
            return TypedResults.Ok(ProblemDto.Of(w));
        });

        g.MapPost("/extensions", async Task<Created<ProblemDto>> (int id, ExtensionInput body, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var w = await LoadAsync(currentScope, db, clock, id, ct);
            var e = await w.RequestExtensionAsync(body.NewDeadline, body.Reason, body.Version, ct);
            return TypedResults.Created($"/api/problems/{id}/extensions/{e.Id}", ProblemDto.Of(w));
        });
        g.MapPost("/extensions/{extId:int}/approve", async Task<Ok<ProblemDto>> (int id, int extId, ReasonInput? body, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var w = await LoadAsync(currentScope, db, clock, id, ct);
            await w.DecideExtensionAsync(extId, true, body?.Reason, body?.Version, ct);
            return TypedResults.Ok(ProblemDto.Of(w));
        });
        g.MapPost("/extensions/{extId:int}/refuse", async Task<Ok<ProblemDto>> (int id, int extId, ReasonInput? body, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var w = await LoadAsync(currentScope, db, clock, id, ct);
            await w.DecideExtensionAsync(extId, false, body?.Reason, body?.Version, ct);
            return TypedResults.Ok(ProblemDto.Of(w));
        });

        g.MapGet("/history", async Task<Ok<List<ChangeDto>>> (int id, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
        {
            var w = await LoadAsync(currentScope, db, clock, id, ct);
            var rows = await ProblemWork.HistoryAsync(db, w.Problem.Id, ct);
            return TypedResults.Ok(rows.Select(ProblemText.Dto).ToList());
        });

        routes.MapGet("/api/evidence/{id:int}", DownloadAsync).RequireAuthorization().WithTags("Problems")
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapGet("/api/evidence/{id:int}/preview", PreviewAsync).RequireAuthorization().WithTags("Problems")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>A photo's long edge on the page (查看大图) and as a thumbnail, in pixels: a larger photo is scaled down for display.</summary>
    public const int DisplayPixels = 1600, ThumbPixels = 320;

    /// <summary>
    /// A photo for the screen: the original itself when it is no larger than the size asked, else a JPEG scaled
    /// down from it. The evidence is never altered: the original stays as uploaded, with its hash, behind /api/evidence/{id}.
    /// </summary>
    public static async Task<IResult> PreviewAsync(int id, string? size, HttpContext http, CurrentScope currentScope, RectifyDb db, EvidenceStore store, CancellationToken ct)
    {
        var (found, path) = await FindAsync(id, currentScope, db, store, ct);
        if (!found.ContentType.StartsWith("image/", StringComparison.Ordinal)) throw new NotFoundException($"佐证材料“{found.FileName}”不是照片，没有预览");
        var max = size == "thumb" ? ThumbPixels : DisplayPixels;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // The same file is the same preview: the browser keeps it (the key is the content's hash).
        http.Response.Headers.CacheControl = "private, max-age=86400";
        using (var codec = SkiaSharp.SKCodec.Create(path))
        {
            if (codec is null || Math.Max(codec.Info.Width, codec.Info.Height) <= max)
                return TypedResults.PhysicalFile(path, found.ContentType);
            var scale = max / (double)Math.Max(codec.Info.Width, codec.Info.Height);
            using var original = SkiaSharp.SKBitmap.Decode(codec);
            if (original is null) return TypedResults.PhysicalFile(path, found.ContentType);
            var info = new SkiaSharp.SKImageInfo(Math.Max(1, (int)Math.Round(codec.Info.Width * scale)), Math.Max(1, (int)Math.Round(codec.Info.Height * scale)));
            using var scaled = original.Resize(info, new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Linear, SkiaSharp.SKMipmapMode.Linear));
            using var upright = Upright(scaled, codec.EncodedOrigin);
            using var image = SkiaSharp.SKImage.FromBitmap(upright ?? scaled);
            using var jpeg = image.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 82);
            return TypedResults.File(jpeg.ToArray(), "image/jpeg");
        }
    }

    /// <summary>
    /// The pixels as the camera meant them to be seen, or null when they already are. A phone often stores a portrait
    /// photo landscape with an EXIF orientation tag; the scaled preview is a new JPEG without the original's EXIF,
    /// so the turn (or mirror) is applied to its pixels here, or the photo would show sideways.
    /// </summary>
    static SkiaSharp.SKBitmap? Upright(SkiaSharp.SKBitmap stored, SkiaSharp.SKEncodedOrigin origin)
    {
        float w = stored.Width, h = stored.Height;
        // Where each stored pixel (x, y) is seen: x' = a·x + b·y + c, y' = d·x + e·y + f.
        SkiaSharp.SKMatrix? seen = origin switch
        {
            SkiaSharp.SKEncodedOrigin.TopRight => new(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SkiaSharp.SKEncodedOrigin.BottomRight => new(-1, 0, w, 0, -1, h, 0, 0, 1),
            SkiaSharp.SKEncodedOrigin.BottomLeft => new(1, 0, 0, 0, -1, h, 0, 0, 1),
            SkiaSharp.SKEncodedOrigin.LeftTop => new(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SkiaSharp.SKEncodedOrigin.RightTop => new(0, -1, h, 1, 0, 0, 0, 0, 1),
            SkiaSharp.SKEncodedOrigin.RightBottom => new(0, -1, h, -1, 0, w, 0, 0, 1),
            SkiaSharp.SKEncodedOrigin.LeftBottom => new(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => null,
        };
        if (seen is not { } m) return null;
        var turned = origin is SkiaSharp.SKEncodedOrigin.LeftTop or SkiaSharp.SKEncodedOrigin.RightTop
            or SkiaSharp.SKEncodedOrigin.RightBottom or SkiaSharp.SKEncodedOrigin.LeftBottom;
        var upright = new SkiaSharp.SKBitmap(turned ? stored.Height : stored.Width, turned ? stored.Width : stored.Height);
        using var canvas = new SkiaSharp.SKCanvas(upright);
        canvas.SetMatrix(m);
        // A quarter turn or a mirror moves whole pixels: nothing to blend.
        canvas.DrawBitmap(stored, 0, 0, new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Nearest, SkiaSharp.SKMipmapMode.None));
        return upright;
    }

    /// <summary>The evidence of a problem the account sees, by the one rule of the problem page (<see cref="ProblemWork.VisibleAsync"/>).</summary>
    static async Task<Evidence> EvidenceInScopeAsync(int id, Scope scope, RectifyDb db, CancellationToken ct)
    {
        var found = await (from e in db.Evidence.AsNoTracking()
                           join pe in db.ProgressEntries on e.ProgressEntryId equals pe.Id
                           where e.Id == id
                           select new { Evidence = e, pe.ProblemId }).FirstOrDefaultAsync(ct);
        var problem = found is null ? null : await db.Problems.AsNoTracking().Include(p => p.Inspection!).ThenInclude(i => i.Targets)
            .FirstOrDefaultAsync(p => p.Id == found.ProblemId, ct);
        if (found is null || problem is null || !(await ProblemWork.VisibleAsync(db, scope, problem, ct)).Visible)
            throw new NotFoundException($"没有编号为 {id} 的佐证材料，或它不在您的范围内");
        return found.Evidence;
    }

    static async Task<(Evidence Found, string Path)> FindAsync(int id, CurrentScope currentScope, RectifyDb db, EvidenceStore store, CancellationToken ct)
    {
        var found = await EvidenceInScopeAsync(id, await currentScope.RequiredAsync(ct), db, ct);
        var path = store.PathOf(found.StoredPath);
        if (!File.Exists(path)) throw new NotFoundException($"佐证材料“{found.FileName}”的文件不在存储中");
        return (found, path);
    }

    /// <summary>佐证材料 download: only through here, only within the user's scope, always as an attachment.</summary>
    public static async Task<PhysicalFileHttpResult> DownloadAsync(int id, HttpContext http, CurrentScope currentScope, RectifyDb db, EvidenceStore store, CancellationToken ct)
    {
        var found = await EvidenceInScopeAsync(id, await currentScope.RequiredAsync(ct), db, ct);
        var path = store.PathOf(found.StoredPath);
        if (!File.Exists(path)) throw new NotFoundException($"佐证材料“{found.FileName}”的文件不在存储中");
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.PhysicalFile(path, found.ContentType, found.FileName);
    }

    static async Task<ProblemWork> LoadAsync(CurrentScope currentScope, RectifyDb db, OfficeClock clock, int id, CancellationToken ct) =>
        await ProblemWork.LoadAsync(db, await currentScope.RequiredAsync(ct), clock, id, ct);
}
