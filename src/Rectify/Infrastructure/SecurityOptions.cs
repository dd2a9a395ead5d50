using System.ComponentModel.DataAnnotations;

namespace Rectify.Infrastructure;

/// <summary>
/// Rectify:Security — sessions, second factor and passwords (issue 20; 等保 2.0 level 3 身份鉴别).
/// Validated at start: a wrong value stops the app with the key named.
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Rectify:Security";

    /// <summary>A session unused this long ends (登录超时退出).</summary>
    [Range(1, 24 * 60, ErrorMessage = "Rectify:Security:IdleMinutes 须在 1 到 1440 之间")]
    public int IdleMinutes { get; set; } = 30;

    /// <summary>A session ends this long after sign-in, used or not.</summary>
    [Range(1, 7 * 24, ErrorMessage = "Rectify:Security:SessionHours 须在 1 到 168 之间")]
    public int SessionHours { get; set; } = 12;

    /// <summary>Administrators must sign in with a second factor (an authenticator app's code).</summary>
    public bool RequireTwoFactor { get; set; } = true;

    /// <summary>Passwords expire (default off); when on, after <see cref="PasswordMaxAgeDays"/>.</summary>
    public bool PasswordExpires { get; set; }

    [Range(1, 3650, ErrorMessage = "Rectify:Security:PasswordMaxAgeDays 须在 1 到 3650 之间")]
    public int PasswordMaxAgeDays { get; set; } = 90;

    /// <summary>
    /// The site is served over HTTPS (by the reverse proxy, docs/production.md). Then every cookie is
    /// Secure whatever the request looks like to the app, and its name carries the <c>__Host-</c>
    /// prefix (ASVS 3.4.4): the browser keeps such a cookie only when Secure, with Path=/ and no Domain,
    /// so neither another host of the domain nor a plain-http page can set or overwrite it. Off, the
    /// cookies are Secure when the request is HTTPS (the proxy's scheme, ProxyTrust).
    /// </summary>
    public bool Https { get; set; }

    /// <summary>One cookie of the app: HttpOnly, SameSite, Path=/, and Secure and prefixed as <see cref="Https"/> says.</summary>
    public void Harden(CookieBuilder cookie, string name, SameSiteMode sameSite = SameSiteMode.Lax)
    {
        cookie.Name = Https ? "__Host-" + name : name;
        cookie.HttpOnly = true;
        cookie.SameSite = sameSite;
        cookie.Path = "/";
        cookie.Domain = null;
        cookie.SecurePolicy = Https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
    }
}
