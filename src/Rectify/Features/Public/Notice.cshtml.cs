using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rectify.Core.Domain;
using Rectify.Core.Notices;
using Rectify.Data;

namespace Rectify.Features.Public;

/// <summary>/public/notices/{id}: a published notice from its frozen text and problem list, its contacts, and the comment form.</summary>
public class PublicNoticeModel(RectifyDb db, PublicCache cache) : PageModel
{
    public Notice Notice { get; private set; } = null!;
    public Organization? Organization { get; private set; }
    public IReadOnlyList<PublishedLine> Lines { get; private set; } = [];
    public IReadOnlyList<PublishedProblem> Problems { get; private set; } = [];
    public CommentFormView Form { get; private set; } = null!;
    /// <summary>码上监督: this page's address as a QR code (PNG data URI), for printing and posting the notice.</summary>
    public string QrCodeImage { get; private set; } = "";
    public string PublicUrl { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int id, int? problem, CancellationToken ct)
    {
        // The notice is frozen at publication: read from the public cache; the form (with its token) is made per request.
        var view = await cache.NoticeAsync(db, id, ct);
        if (view is null) return PublicNotFound.Notice(this);
        (Notice, Organization, Lines, Problems) = (view.Notice, view.Organization, view.Lines, view.Problems);
        var input = new CommentInput { NoticeId = id, ProblemId = Problems.Any(p => p.ProblemId == problem) ? problem : null };
        Form = new CommentFormView(input, Problems, new Dictionary<string, string>());
        PublicUrl = PublicPortal.NoticeUrl(HttpContext, id);
        QrCodeImage = "data:image/png;base64," + Convert.ToBase64String(QrCode.Png(PublicUrl, pixelsPerModule: 4));
        return Page();
    }
}

/// <summary>The public 404s: a plain Chinese page that names nothing that exists.</summary>
public static class PublicNotFound
{
    public static IActionResult Notice(PageModel page) => Page(page, "没有找到这篇公告", "该公告不存在或尚未发布。");

    public static IActionResult Code(PageModel page) =>
        Page(page, "没有找到这个查询码", "请核对查询码：它由 12 位字母和数字组成，在提交意见后显示。");

    static IActionResult Page(PageModel page, string title, string message)
    {
        var result = new ViewResult { ViewName = "/Features/Public/NotFound.cshtml", StatusCode = StatusCodes.Status404NotFound, ViewData = new(page.ViewData) };
        result.ViewData["Title"] = title;
        result.ViewData["Message"] = message;
        return result;
    }
}
