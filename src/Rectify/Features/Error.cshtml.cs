using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rectify.Infrastructure;

namespace Rectify.Features;

/// <summary>
/// A browser's refusal or fault, in Chinese and in the site layout, with a way back: the
/// status-code pages re-execute here (/error/404), and so does the exception handler for a
/// refusal or fault thrown by a page (/error). The words come from the one mapping
/// (Infrastructure/Refusals.cs); a fault's own message is never shown.
/// </summary>
[IgnoreAntiforgeryToken] // re-executed with the method of the refused request, a POST among them
public class ErrorModel : PageModel
{
    public Refusals.Kind Kind { get; private set; } = Refusals.For(StatusCodes.Status404NotFound);
    public string Detail { get; private set; } = "";
    /// <summary>The page the user came from when it is on this site, else the home page.</summary>
    public string Back { get; private set; } = "/";

    public void OnGet(int? code) => Describe(code);
    public void OnPost(int? code) => Describe(code);

    void Describe(int? code)
    {
        var error = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        var status = code ?? (error is not null ? Refusals.StatusOf(error) : Response.StatusCode);
        if (status < 400) status = StatusCodes.Status404NotFound; // /error asked for by itself
        var refusal = error is not null ? Refusals.Of(error) : null;
        Kind = refusal?.Kind ?? Refusals.For(status);
        Detail = refusal?.Detail ?? Kind.Detail;
        Response.StatusCode = status;
        if (Request.GetTypedHeaders().Referer is { } from && from.IsAbsoluteUri
            && string.Equals(from.Authority, Request.Host.Value, StringComparison.OrdinalIgnoreCase))
            Back = from.PathAndQuery;
    }
}
