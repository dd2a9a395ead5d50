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

    /// <summary>A wrong password or code for an existing account.</summary>
    public static async Task FailedAsync(UserManager<AppUser> users, AppUser user)
    {
        user.FailedSignInsSinceLast++;
        await users.UpdateAsync(user);
    }

    static string Show(DateTimeOffset at, Rectify.Core.OfficeClock zone) =>
        zone.Local(at).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);
}
