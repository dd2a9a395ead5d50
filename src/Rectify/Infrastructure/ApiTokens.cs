using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rectify.Data;

namespace Rectify.Infrastructure;

public static class ApiTokenService
{
    public const string Scheme = "ApiToken";

    /// <summary>The claim a read-only token's principal carries; <see cref="ApiWriteOrigin"/> refuses its writes.</summary>
    public const string ReadOnlyClaim = "rectify:token-read-only";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Creates a token; the clear text is returned once and never stored.</summary>
    public static async Task<string> CreateAsync(RectifyDb db, AppUser user, string name, TimeProvider clock, TimeSpan? lifetime = null, bool readOnly = false)
    {
        var token = "rct_" + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        db.ApiTokens.Add(new ApiToken
        {
            UserId = user.Id,
            Name = name,
            Hash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now + (lifetime ?? TimeSpan.FromDays(90)),
            ReadOnly = readOnly,
        });
        await db.SaveChangesAsync();
        return token;
    }

    static string Base64UrlEncode(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Authorization: Bearer TOKEN, checked against the stored hashes.</summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    RectifyDb db, IUserClaimsPrincipalFactory<AppUser> principals, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var hash = ApiTokenService.Hash(header["Bearer ".Length..].Trim());
        var principal = await (db.Access ?? new AccessCache()).TokenAsync(db, hash, principals, clock.GetUtcNow(), Context.RequestAborted);
        if (principal is null) return AuthenticateResult.Fail("令牌无效、已过期或已吊销");
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}
