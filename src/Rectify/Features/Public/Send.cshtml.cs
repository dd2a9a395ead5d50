using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Core.Feedback;
using Rectify.Data;

namespace Rectify.Features.Public;

/// <summary>
/// /public/feedback: GET asks for a tracking code; POST takes a comment (rate-limited in
/// <see cref="PublicPortal"/>), refuses bad ones with the reason and stores nothing, and sends
/// the writer to the tracking page of a stored one.
/// </summary>
[IgnoreAntiforgeryToken] // checked below, to refuse with a message instead of a bare 400
public class PublicSendModel(RectifyDb db, IAntiforgery antiforgery, TimeProvider clock) : PageModel
{
    public string? Refusal { get; private set; }
    public string? CodeError { get; private set; }
    public string? Code { get; private set; }
    public PublicNotice? Target { get; private set; }
    public CommentFormView? Form { get; private set; }

    public IActionResult OnGet(string? code)
    {
        if (code is null) return Page();
        Code = code;
        if (FeedbackRules.NormalizeCode(code) is { } c) return Redirect("/public/feedback/" + c);
        CodeError = "查询码应为 12 位字母和数字，请核对后重新输入";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromForm] CommentInput input, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
            return Refuse("表单的安全令牌缺失或已失效，意见没有保存。请回到公告页面刷新后重新填写提交。");
        if (!string.IsNullOrEmpty(input.Website))
            return Refuse("表单中有一个应留空的隐藏项被填写了，意见没有保存。如果您是通过浏览器正常填写的，请回到公告页面刷新后重新提交。");

        Target = await PublicQueries.FindAsync(db, input.NoticeId, ct);
        if (Target is null) return PublicNotFound.Notice(this);
        var problems = await PublicQueries.ProblemsAsync(db, input.NoticeId, ct);

        var errors = FeedbackRules.Check(input.Name, input.Contact, input.Content, input.ReplyWanted)
            .GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.First().Message);
        // Only a problem the notice published can be commented on; a withheld one is unknown here.
        if (input.ProblemId is { } pid && !problems.Any(p => p.ProblemId == pid))
            errors["ProblemId"] = "所选问题不在这篇公告中，请重新选择";
        if (errors.Count > 0)
        {
            Form = new CommentFormView(input, problems, errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        string code;
        do code = FeedbackRules.NewTrackingCode();
        while (await db.PublicFeedback.AnyAsync(f => f.TrackingCode == code, ct));
        var feedback = db.PublicFeedback.Add(new PublicFeedback
        {
            NoticeId = input.NoticeId,
            ProblemId = input.ProblemId,
            WriterName = Blank(input.Name),
            WriterContact = Blank(input.Contact),
            ReplyWanted = input.ReplyWanted,
            Content = input.Content!.Trim(),
            TrackingCode = code,
            CreatedAt = clock.GetUtcNow(),
            State = FeedbackState.Received,
        }).Entity;
        // The public portal's comment form is the one path of a comment: the unit hears of it in the same save.
        await Notifications.Events.CommentReceivedAsync(db, Target.Notice.InspectionId, feedback, FeedbackRules.Display(code), ct);
        await db.SaveChangesAsync(ct);
        return Redirect($"/public/feedback/{code}?sent=true");
    }

    IActionResult Refuse(string message)
    {
        Refusal = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
