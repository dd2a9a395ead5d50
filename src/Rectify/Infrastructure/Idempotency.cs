using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rectify.Data;
using Rectify.Features.Problems;

namespace Rectify.Infrastructure;

/// <summary>
/// The first answer to a write that carried an Idempotency-Key (a header, or the hidden field the
/// pages add to each form), kept 24 hours so that the same request sent again is answered the same
/// and writes nothing again. Bookkeeping, not ledger data: not audited.
/// </summary>
public class IdempotentRequest
{
    /// <summary>The signed-in user's name: one user's key never answers another's request.</summary>
    public required string UserName { get; set; }
    public required string Key { get; set; }
    /// <summary>Method, path and a hash of the body: the same key on another request is refused, not answered with the wrong thing.</summary>
    public required string Route { get; set; }
    /// <summary>0 while the first request is under way.</summary>
    public int Status { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[]? Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Safe retries (issue 22): a write (POST, PUT, PATCH, DELETE) of a signed-in user with an
/// Idempotency-Key runs once. A second request with the key within 24 hours gets the first one's
/// status, Location and body (with <c>Idempotent-Replayed: true</c>) and runs nothing; while the first
/// is still running it gets 409. Only answers that wrote something (2xx, 3xx) are kept: a refusal or a
/// fault wrote nothing (the app's rule), so the same key may simply try again.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    /// <summary>The hidden field the pages add to each form (wwwroot/js/forms.js).</summary>
    public const string FormField = "__IdempotencyKey";
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    /// <summary>An answer larger than this is not kept (writes answer with one problem or a redirect).</summary>
    const int MaxKeptBody = 1 << 20;
    static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(10);

    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var method = http.Request.Method;
        var user = http.User.Identity is { IsAuthenticated: true } ? http.User.FindFirstValue(ClaimTypes.Name) ?? http.User.Identity.Name : null;
        var isWrite = HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
        var key = KeyOf(http);
        if (!isWrite || user is null || key is null)
        {
            await next(http);
            return;
        }
        if (key.Length > MaxKeyLength)
            throw new ProblemRefusedException(StatusCodes.Status400BadRequest, $"{Header} 过长（最多 {MaxKeyLength} 个字符）");

        var storage = http.RequestServices.GetRequiredService<Storage>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var route = $"{method} {http.Request.Path} {await FingerprintAsync(http)}";
        await using (var db = storage.CreateDb())
        {
            var first = await db.IdempotentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.UserName == user && r.Key == key, http.RequestAborted);
            // Past its day, or a first request that never finished (the process was killed): the key is free again.
            if (first is not null && (now - first.CreatedAt > Lifetime || first.Status == 0 && now - first.CreatedAt > Abandoned))
            {
                await db.IdempotentRequests.Where(r => r.UserName == user && r.Key == key).ExecuteDeleteAsync(http.RequestAborted);
                first = null;
            }
            if (first is null)
            {
                db.IdempotentRequests.Add(new IdempotentRequest { UserName = user, Key = key, Route = route, CreatedAt = now });
                try { await db.SaveChangesAsync(http.RequestAborted); }
                catch (DbUpdateException)
                {
                    // Another request with the key took it between the look and the insert.
                    first = await db.IdempotentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.UserName == user && r.Key == key, http.RequestAborted);
                    if (first is null) throw;
                }
            }
            if (first is not null)
            {
                await ReplayAsync(http, first, route);
                return;
            }
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        var kept = false;
        try
        {
            await next(http);
            var status = http.Response.StatusCode;
            if (status is >= 200 and < 400 && buffer.Length <= MaxKeptBody)
            {
                await using var db = storage.CreateDb();
                var row = await db.IdempotentRequests.FirstAsync(r => r.UserName == user && r.Key == key, CancellationToken.None);
                row.Status = status;
                row.ContentType = http.Response.ContentType;
                row.Location = http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null;
                row.Body = buffer.ToArray();
                await db.SaveChangesAsync(CancellationToken.None);
                kept = true;
            }
        }
        finally
        {
            http.Response.Body = original;
            if (!kept) await ForgetAsync(storage, user, key);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    static string? KeyOf(HttpContext http)
    {
        if (http.Request.Headers[Header].ToString() is { Length: > 0 } header) return header.Trim();
        // The form was read already (UploadLimits.Enforce), so this reads nothing from the wire.
        if (http.Request.HasFormContentType && http.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form is { } form
            && form[FormField].ToString() is { Length: > 0 } field) return field.Trim();
        return null;
    }

    /// <summary>
    /// What the request asks: the form's fields and files (without the antiforgery token and the key,
    /// which change with each rendering of the page), or the body's bytes.
    /// </summary>
    static async Task<string> FingerprintAsync(HttpContext http)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Add(string s)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(s));
            hash.AppendData([0]);
        }
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(http.Request.QueryString.Value ?? ""));
        if (http.Request.HasFormContentType && http.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form is { } form)
        {
            foreach (var (name, values) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
                if (name is not (FormField or "__RequestVerificationToken"))
                    foreach (var v in values) { Add(name); Add(v ?? ""); }
            foreach (var f in form.Files)
            {
                Add(f.Name); Add(f.FileName); Add(f.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await using var content = f.OpenReadStream();
                var buffer = new byte[81920];
                int n;
                while ((n = await content.ReadAsync(buffer, http.RequestAborted)) > 0) hash.AppendData(buffer, 0, n);
            }
        }
        else
        {
            // Read once here and again by the handler.
            http.Request.EnableBuffering();
            var buffer = new byte[81920];
            int n;
            while ((n = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0) hash.AppendData(buffer, 0, n);
            http.Request.Body.Position = 0;
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    static async Task ReplayAsync(HttpContext http, IdempotentRequest first, string route)
    {
        if (first.Route != route)
            throw new ProblemRefusedException(StatusCodes.Status422UnprocessableEntity, $"这个 {Header} 已用于另一个（内容不同的）请求，本次操作未执行；请为每次操作使用新的值");
        if (first.Status == 0)
            throw new ProblemRefusedException(StatusCodes.Status409Conflict, "同一请求正在处理中，请稍后查看结果，不要重复提交");
        http.Response.StatusCode = first.Status;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        if (first.Location is not null) http.Response.Headers.Location = first.Location;
        if (first.ContentType is not null) http.Response.ContentType = first.ContentType;
        if (first.Body is { Length: > 0 } body) await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>A request that wrote nothing (refused, failed, or too large an answer to keep) leaves the key free.</summary>
    static async Task ForgetAsync(Storage storage, string user, string key)
    {
        try
        {
            await using var db = storage.CreateDb();
            await db.IdempotentRequests.Where(r => r.UserName == user && r.Key == key && r.Status == 0).ExecuteDeleteAsync(CancellationToken.None);
        }
        // The database gone too: the row expires with the others; until then the key answers 409.
        catch (Exception e) when (Fault.IsDatabaseUnavailable(e) || Fault.IsStorageFull(e)) { }
    }

    /// <summary>Drops answers older than 24 hours (the hourly upkeep, <see cref="Rectify.Features.Problems.EvidenceSweep"/>).</summary>
    public static async Task<int> PurgeAsync(RectifyDb db, DateTimeOffset now, CancellationToken ct)
    {
        // Compared here, not in SQL: SQLite does not order DateTimeOffset. A day of keyed writes is a small table.
        var all = await db.IdempotentRequests.AsNoTracking().Select(r => new { r.UserName, r.Key, r.CreatedAt }).ToListAsync(ct);
        var purged = 0;
        foreach (var old in all.Where(r => now - r.CreatedAt > Lifetime))
            purged += await db.IdempotentRequests.Where(r => r.UserName == old.UserName && r.Key == old.Key).ExecuteDeleteAsync(ct);
        return purged;
    }
}
