using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Account;

/// <summary>One token, never its secret: <c>access</c> is "read" or "read-write".</summary>
public sealed record TokenInfo(int Id, string User, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, bool Active, string Access = "read-write")
{
    public string AccessText => Access == TokensApi.Read ? "只读" : "读写";
}

/// <summary>A new token: its name, "read" or "read-write", and how many days it lives (1–365, default 90).</summary>
public sealed record NewToken(string? Name, string? Access, int? Days);

/// <summary>The token made: <c>token</c> is the secret, shown this once.</summary>
public sealed record CreatedToken(string Token, TokenInfo Info);

/// <summary>API tokens: a user lists and revokes their own; the security administrator any. The secret itself is never shown again.</summary>
public static class TokensApi
{
    public static void MapTokensApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tokens").RequireAuthorization().WithTags("Tokens");

        group.MapGet("/", async Task<Ok<List<TokenInfo>>> (HttpContext http, RectifyDb db, TimeProvider clock, IAuthorizationService auth, CancellationToken ct) =>
        {
            var everyone = (await auth.AuthorizeAsync(http.User, Policies.Security)).Succeeded;
            var me = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
            return TypedResults.Ok(await ListAsync(db, clock, everyone ? null : me, ct));
        });

        group.MapPost("/", async Task<Created<CreatedToken>> (NewToken body, HttpContext http, RectifyDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var made = await CreateAsync(db, clock, http.User.FindFirstValue(ClaimTypes.NameIdentifier)!, body, ct);
            return TypedResults.Created($"/api/tokens/{made.Info.Id}", made);
        });

        group.MapDelete("/{id:int}", async Task<Results<NoContent, NotFound>> (int id, HttpContext http, RectifyDb db, TimeProvider clock, IAuthorizationService auth, CancellationToken ct) =>
        {
            var anyone = (await auth.AuthorizeAsync(http.User, Policies.Security)).Succeeded;
            var revoked = await RevokeAsync(db, clock, id, anyone ? null : http.User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
            return revoked is null ? TypedResults.NotFound() : TypedResults.NoContent();
        });
    }

    /// <summary>Revokes a token of <paramref name="userId"/> (null: anyone's); its name, or null when there is no such token.</summary>
    public static async Task<string?> RevokeAsync(RectifyDb db, TimeProvider clock, int id, string? userId, CancellationToken ct)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && (userId == null || t.UserId == userId), ct);
        if (token is null) return null;
        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return token.Name;
    }

    public const string Read = "read", ReadWrite = "read-write";

    /// <summary>
    /// A token of the signed-in user, made from the page or the API by the same rule: a name, read or read-write,
    /// at most a year. Refused in Chinese (422) and nothing stored when one of them is wrong.
    /// </summary>
    public static async Task<CreatedToken> CreateAsync(RectifyDb db, TimeProvider clock, string userId, NewToken t, CancellationToken ct)
    {
        var name = t.Name?.Trim();
        if (string.IsNullOrEmpty(name)) throw new Core.Domain.DomainException("请填写令牌名称（例如用途或调用它的程序）");
        if (name.Length > 100) throw new Core.Domain.DomainException("令牌名称不能超过 100 个字");
        var access = string.IsNullOrWhiteSpace(t.Access) ? ReadWrite : t.Access.Trim();
        if (access is not (Read or ReadWrite)) throw new Core.Domain.DomainException($"权限“{access}”无效，应为 read（只读）或 read-write（读写）");
        var days = t.Days ?? 90;
        if (days is < 1 or > 365) throw new Core.Domain.DomainException($"有效期 {days} 天无效，应为 1 至 365 天");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new Core.Domain.NotFoundException("账户不存在");
        var secret = await ApiTokenService.CreateAsync(db, user, name, clock, TimeSpan.FromDays(days), access == Read);
        var info = (await ListAsync(db, clock, userId, ct)).Last();
        return new CreatedToken(secret, info);
    }

    public static async Task<List<TokenInfo>> ListAsync(RectifyDb db, TimeProvider clock, string? userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await db.ApiTokens.AsNoTracking().Where(t => userId == null || t.UserId == userId)
            .Select(t => new { t.Id, User = t.User!.UserName, t.Name, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.ReadOnly }).ToListAsync(ct);
        return rows.OrderBy(t => t.Id)
            .Select(t => new TokenInfo(t.Id, t.User ?? "?", t.Name, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.RevokedAt is null && (t.ExpiresAt is null || t.ExpiresAt > now), t.ReadOnly ? Read : ReadWrite))
            .ToList();
    }
}
