using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Account;

public sealed record TokenInfo(int Id, string User, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, bool Active);

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

        group.MapDelete("/{id:int}", async Task<Results<NoContent, NotFound>> (int id, HttpContext http, RectifyDb db, TimeProvider clock, IAuthorizationService auth, CancellationToken ct) =>
        {
            var me = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
            var anyone = (await auth.AuthorizeAsync(http.User, Policies.Security)).Succeeded;
            var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && (t.UserId == me || anyone), ct);
            if (token is null) return TypedResults.NotFound();
            if (token.RevokedAt is null)
            {
                token.RevokedAt = clock.GetUtcNow();
                await db.SaveChangesAsync(ct);
            }
            return TypedResults.NoContent();
        });
    }

    public static async Task<List<TokenInfo>> ListAsync(RectifyDb db, TimeProvider clock, string? userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await db.ApiTokens.AsNoTracking().Where(t => userId == null || t.UserId == userId)
            .Select(t => new { t.Id, User = t.User!.UserName, t.Name, t.CreatedAt, t.ExpiresAt, t.RevokedAt }).ToListAsync(ct);
        return rows.OrderBy(t => t.Id)
            .Select(t => new TokenInfo(t.Id, t.User ?? "?", t.Name, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.RevokedAt is null && (t.ExpiresAt is null || t.ExpiresAt > now)))
            .ToList();
    }
}
