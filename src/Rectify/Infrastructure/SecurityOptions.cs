using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography.X509Certificates;
using Rectify.Core;

namespace Rectify.Infrastructure;

/// <summary>
/// Rectify:Security — sessions, second factor and passwords (issue 20; 等保 2.0 level 3 身份鉴别).
/// Validated at start: a wrong value stops the app with the key named.
/// </summary>
public sealed class SecurityOptions : ICheckedSettings
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

    /// <summary>
    /// A PKCS#12 file (.pfx) whose certificate encrypts the data-protection keys kept in the database
    /// (<see cref="KeyProtection"/>); its private key decrypts them. Not set: the keys are stored unencrypted.
    /// </summary>
    public string? KeysCertificate { get; set; }

    /// <summary>The password of <see cref="KeysCertificate"/>, from the secret store (an environment variable).</summary>
    public string? KeysCertificatePassword { get; set; }

    /// <summary>The certificate of <see cref="KeysCertificate"/> with its private key; null when none is configured.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? LoadKeysCertificate()
    {
        if (string.IsNullOrEmpty(KeysCertificate)) return null;
        var cert = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(KeysCertificate, KeysCertificatePassword,
            System.Security.Cryptography.X509Certificates.X509KeyStorageFlags.EphemeralKeySet);
        if (!cert.HasPrivateKey || cert.GetRSAPrivateKey() is null)
        {
            cert.Dispose();
            throw new System.Security.Cryptography.CryptographicException("证书不含 RSA 私钥");
        }
        return cert;
    }

    public IEnumerable<string> Problems()
    {
        string? problem = null;
        try
        {
            LoadKeysCertificate()?.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            problem = $"Rectify:Security:KeysCertificate“{KeysCertificate}”无法使用（文件不存在、密码 Rectify:Security:KeysCertificatePassword 不对，或不含 RSA 私钥）：{e.Message}";
        }
        if (problem is not null) yield return problem;
    }

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
