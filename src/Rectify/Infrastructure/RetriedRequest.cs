using Rectify.Data;

namespace Rectify.Infrastructure;

/// <summary>
/// Every write request on PostgreSQL is one <see cref="RetriedUnit"/>: a transient database error (a restart, a
/// dropped connection) before anything of it was stored runs the request again from its start, so an ordinary
/// save is not answered 503 for a connection that broke under it, and is not stored twice. Runs after the
/// idempotency check (its own bookkeeping is not repeated) and just before the endpoint.
/// </summary>
public static class RetriedRequest
{
    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var method = http.Request.Method;
        var storage = http.RequestServices.GetRequiredService<Storage>();
        if (storage.Provider != DatabaseProvider.Postgres || HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
        {
            await next(http);
            return;
        }
        // The body is read again by a second attempt. Not a form's: UploadLimits.Enforce read it before this, the request
        // keeps its fields and the form reader's buffers its files, so the spent body is not buffered a second time
        // (an evidence upload of 50 MB would be); a second attempt takes the files already checked and placed
        // (EvidenceStore.StageAsync) rather than copying them again.
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form is null) http.Request.EnableBuffering();
        var db = http.RequestServices.GetRequiredService<RectifyDb>();
        var attempt = 0;
        await RetriedUnit.RunAsync(db, async _ =>
        {
            if (attempt++ > 0)
            {
                if (http.Request.Body.CanSeek) http.Request.Body.Position = 0;
                http.Response.StatusCode = StatusCodes.Status200OK;
                if (http.Response.Body.CanSeek) http.Response.Body.SetLength(0);
            }
            try
            {
                await next(http);
            }
            catch
            {
                // What the client was sent cannot be taken back.
                if (http.Response.HasStarted) RetriedUnit.MayHaveStored();
                throw;
            }
        }, http.RequestAborted);
    }
}
