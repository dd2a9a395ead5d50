using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rectify.Data;

namespace Rectify.Features.Notifications;

/// <summary>
/// 接收设置： which events an account gets by e-mail, at once or in one daily digest, and which by SMS to its phone
/// (issue 18 items 5 and 7). The inbox always has every entry; these choose only the other channels.
/// </summary>
public class SettingsModel(RectifyDb db) : PageModel
{
    [BindProperty] public List<string> Email { get; set; } = [];
    [BindProperty] public List<string> Sms { get; set; } = [];
    [BindProperty] public bool Digest { get; set; }
    [BindProperty] public string? Phone { get; set; }

    public bool HasEmail { get; private set; }
    public bool SmsOn => db.Channels.SmsOn;
    public string? Error { get; private set; }
    public string? Message { get; private set; }

    async Task<AppUser?> MeAsync(CancellationToken ct) =>
        User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? await db.Users.FindAsync([id], ct) : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await MeAsync(ct) is not { } me) return Challenge();
        Show(me);
        return Page();
    }

    void Show(AppUser me)
    {
        var prefs = DeliveryPrefs.Of(me);
        Email = DeliveryPrefs.Kinds.Select(k => k.Kind).Where(k => !prefs.NoEmail.Contains(k)).ToList();
        Sms = prefs.Sms;
        Digest = prefs.Digest;
        Phone = me.PhoneNumber;
        HasEmail = !string.IsNullOrWhiteSpace(me.Email);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await MeAsync(ct) is not { } me) return Challenge();
        var phone = string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim();
        var kinds = DeliveryPrefs.Kinds.Select(k => k.Kind).ToList();
        if (phone is not null && !Regex.IsMatch(phone, @"^1\d{10}$"))
            Error = $"手机号码“{phone}”无效，应为 11 位数字，以 1 开头；设置未保存。";
        else if (Sms.Count > 0 && phone is null)
            Error = "选择短信接收的事件须填写手机号码；设置未保存。";
        if (Error is not null)
        {
            HasEmail = !string.IsNullOrWhiteSpace(me.Email);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var prefs = new DeliveryPrefs
        {
            NoEmail = kinds.Where(k => !Email.Contains(k)).ToList(),
            Sms = kinds.Where(Sms.Contains).ToList(),
            Digest = Digest,
        };
        me.NotifyPrefs = prefs.ToJson();
        me.PhoneNumber = phone;
        await db.SaveChangesAsync(ct);
        Show(me);
        Message = "接收设置已保存。" + (prefs.Digest ? "邮件每天汇总发送一次。" : "邮件逐条即时发送。");
        return Page();
    }
}
