using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Rectify.Data;

namespace Rectify.Features.Account;

/// <summary>
/// 鉴别警示 (等保 level 3): at each successful sign-in the user is told when and from where the
/// previous one was, and how many failed attempts came since, so that a stranger's use shows.
/// </summary>
public static class SignInRecord
{
    public const string TempDataKey = "signin-warning";

    /// <summary>Records a successful sign-in; returns the sentence about the previous one.</summary>
    public static async Task<string> SucceededAsync(UserManager<AppUser> users, AppUser user, HttpContext http, TimeProvider clock)
    {
        var zone = http.RequestServices.GetRequiredService<Rectify.Core.OfficeClock>();
        var said = user.LastSignInAt is { } at
            ? $"上次登录：{Show(at, zone)}，地址 {user.LastSignInAddress ?? "未知"}；此后登录失败 {user.FailedSignInsSinceLast} 次。"
            : $"这是该账户首次登录；此前登录失败 {user.FailedSignInsSinceLast} 次。";
        if (user.FailedSignInsSinceLast > 0) said += "如非本人尝试，请立即修改密码并告知安全管理员。";
        user.LastSignInAt = clock.GetUtcNow();
        user.LastSignInAddress = http.Connection.RemoteIpAddress?.ToString();
        user.FailedSignInsSinceLast = 0;
        await users.UpdateAsync(user);
        return said;
    }

    /// <summary>
    /// Runs one sign-in attempt (password or code) of an existing account and counts it when it fails,
    /// for the warning at the next sign-in. Counted before the check, so that Identity's own save of a
    /// failure (its lockout count) writes it in the same UPDATE instead of a second one; taken back when
    /// the attempt succeeds, or when the account was already locked (then nothing was checked).
    /// </summary>
    public static async Task<SignInResult> AttemptAsync(RectifyDb db, AppUser user, Func<Task<SignInResult>> attempt)
    {
        user.FailedSignInsSinceLast++;
        var result = await attempt();
        var counted = db.Entry(user).Property(u => u.FailedSignInsSinceLast);
        var unsaved = counted.IsModified;
        if (result.Succeeded || result.RequiresTwoFactor || (result.IsLockedOut && unsaved))
        {
            user.FailedSignInsSinceLast--;
            // As read again: a property left marked modified would make Identity's next UpdateAsync (which
            // attaches the account again) take the values set after it as the old ones in the audit log.
            if (unsaved) counted.IsModified = false;
        }
        // Identity saved nothing (a failure it does not count): the count alone, in one UPDATE.
        else if (unsaved) await db.SaveChangesAsync();
        return result;
    }

    static string Show(DateTimeOffset at, Rectify.Core.OfficeClock zone) =>
        zone.Local(at).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);
}
