using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Rectify.Data;
using Rectify.Data.Interceptors;
using Rectify.Features;
using Rectify.Features.Account;
using Rectify.Features.Import;
using Rectify.Features.Inspections;
using Rectify.Features.Public;
using Rectify.Features.Notifications;
using Rectify.Features.Supervision;
using Rectify.Features.Notices;
using Rectify.Features.Overview;
using Rectify.Features.Problems;
using Rectify.Features.Ledger;
using Rectify.Infrastructure;

namespace Rectify;

/// <summary>Composes Rectify: the web application that `serve` runs, over the services (<see cref="AddServices"/>) that every command uses.</summary>
public static class AppHost
{
    public static WebApplication Build(string[] hostArgs, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = hostArgs,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        configure?.Invoke(builder);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        var services = builder.Services;
        AddServices(services);
        // Chinese stays Chinese in the HTML instead of &#x…; escapes.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddScoped<CurrentScope>(); // the signed-in user's scope, once per request
        services.AddSingleton<AccessFailures>();
        // Identity's sign-in and cookies over the accounts of AddServices (every registration there is kept: TryAdd).
        services.AddIdentity<AppUser, IdentityRole>();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            // The API answers 401/403; only pages redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
        });
        // Idle and absolute session limits, and the check of each request against the account's rights.
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<SecurityOptions>>((o, security) =>
            {
                Sessions.Configure(o, security.Value);
                // HttpOnly, SameSite=Lax (a link from another site keeps the session), Secure and __Host- over HTTPS.
                security.Value.Harden(o.Cookie, "rectify.auth");
            });
        // The short-lived cookie between the password and the second factor.
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<SecurityOptions>>((o, security) =>
            {
                security.Value.Harden(o.Cookie, "rectify.two-factor", SameSiteMode.Strict);
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            });
        services.AddAuthentication(o =>
            {
                // AddIdentity sets the authenticate scheme to the cookie; the API also takes tokens.
                o.DefaultScheme = "smart";
                o.DefaultAuthenticateScheme = "smart";
                o.DefaultChallengeScheme = "smart";
            })
            .AddPolicyScheme("smart", "cookie or token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenService.Scheme : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenService.Scheme, null);
        // 三员分立: who administers what, as policies (Infrastructure/Roles.cs).
        services.AddAuthorization();
        services.AddOptions<Microsoft.AspNetCore.Authorization.AuthorizationOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<AccountOptions>>((o, accounts) => Policies.Register(o, accounts.Value.SeparateAdministrators));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // No body: the status-code pages answer 429 as the refusal mapping says (a page or ProblemDetails).
            // Sign-in: a few tries a minute per client address, beside Identity's lockout per account.
            o.AddPolicy(SignInRateLimit, http => !HttpMethods.IsPost(http.Request.Method)
                ? System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter("")
                : System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value.SignInPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                }));
        });
        services.AddAntiforgery(o => o.HeaderName = "X-CSRF-TOKEN");
        // The framework's defaults are never Secure: the one rule of SecurityOptions.Harden for these too.
        services.AddOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<SecurityOptions>>((o, security) => security.Value.Harden(o.Cookie, "rectify.antiforgery", SameSiteMode.Strict));
        services.AddOptions<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<SecurityOptions>>((o, security) => security.Value.Harden(o.Cookie, "rectify.tempdata"));
        services.AddProxyTrust();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsExceptionHandler.InChinese);
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddOpenApi();
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Account/LoginCode");
            o.Conventions.AllowAnonymousToPage("/Account/Denied");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToFolder("/Public");
        }).AddMvcOptions(o => o.Filters.Add(new PageWithoutHandler()));
        services.AddHostedService<ReminderService>();
        services.AddHostedService<MailService>();
        services.AddHostedService<EvidenceSweep>();
        // Malformed API input reaches the ProblemDetails handler (400 with the reason) in every environment.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        Health.Add(services); // /healthz: database, free disk, evidence folder
        services.AddPublicPortal();

        // A wrong setting stops here, before anything is served or migrated, with the key and the value named.
        var app = Settings.BuildChecked(builder);
        app.UseForwardedHeaders(); // only from Rectify:Proxy (ProxyTrust)
        app.Use(SecurityHeaders);
        // Refusals (Infrastructure/Refusals.cs, docs/refusals.md): the API and programs get
        // ProblemDetails, a browser gets the Chinese error page (/error) in the site layout.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            StatusCodeSelector = Refusals.StatusOf,
            AllowStatusCode404Response = true,
            // A refusal is an answer, not a fault: only faults are logged as errors.
            SuppressDiagnosticsCallback = c => Refusals.Of(c.Exception) is not null,
        });
        app.UseWhen(Refusals.WantsPage, page => page.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseWhen(http => !Refusals.WantsPage(http), api => api.UseStatusCodePages());
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.Use(Sessions.DatabaseFault); // a session not checked for want of the database: 503
        app.Use(app.Services.GetRequiredService<AccessFailures>().InvokeAsync); // 403 and 404 of signed-in users, logged
        app.Use(ApiWriteOrigin.CheckAsync);
        app.UseAuthorization();
        app.UseMiddleware<AccountGate>();
        app.Use(UploadLimits.Enforce);
        app.Use(Idempotency.InvokeAsync); // after the form is read; before anything writes
        app.UseOutputCache(); // the public list (Features/Public/PublicPortal.cs)
        app.UseAntiforgery();
        app.Use(RetriedRequest.InvokeAsync); // a write cut by a transient database error before anything was stored runs again, whole

        app.MapHealthChecks("/healthz", Health.Options).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapRazorPages();
        app.MapInspectionsApi();
        app.MapSupervisionApi();
        app.MapNotificationsApi();
        app.MapNoticesApi();
        app.MapProblemsApi();
        app.MapOverviewApi();
        app.MapLedgerApi();
        app.MapImportApi();
        app.MapTokensApi();
        return app;
    }

    /// <summary>
    /// The services every command composes, with or without the web host: settings, the database, the
    /// accounts, the domain services and the writers. One list, so that `serve` and the other commands
    /// cannot drift apart; what only serving HTTP needs is added in <see cref="Build"/>.
    /// </summary>
    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        // Configuration: one options class per area, each checked at start (Infrastructure/Settings.cs, docs/configuration.md).
        services.AddSettings<TimeZoneOptions>(TimeZoneOptions.Section);
        services.AddSettings<StorageOptions>(StorageOptions.Section);
        services.AddSettings<AccountOptions>(AccountOptions.Section);
        services.AddSettings<SecurityOptions>(SecurityOptions.Section);
        services.AddSettings<ReminderOptions>(ReminderOptions.Section);
        services.AddSettings<Features.Documents.PdfOptions>(Features.Documents.PdfOptions.Section);
        services.AddSettings<SmtpOptions>(SmtpOptions.Section);
        services.AddSettings<ChannelOptions>(ChannelOptions.Section);
        services.AddSettings<OverviewOptions>(OverviewOptions.Section);
        SupervisionApi.AddGradeThresholds(services);
        services.AddSingleton(sp => new Rectify.Core.OfficeClock(sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<TimeZoneOptions>>().Value.Zone));
        services.AddSaveInterceptors();
        services.AddSingleton(sp => new Storage(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value,
            sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor>()));
        services.AddHttpContextAccessor();
        services.AddSingleton<AccessCache>();
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<Storage>().CreateDb();
            db.Clock = sp.GetRequiredService<TimeProvider>();
            db.Zone = sp.GetRequiredService<Rectify.Core.OfficeClock>().Zone;
            db.Access = sp.GetRequiredService<AccessCache>();
            db.Channels = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChannelOptions>>().Value;
            db.Escalation = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReminderOptions>>().Value.Escalation;
            // History and audit entries name the signed-in user.
            var http = sp.GetRequiredService<IHttpContextAccessor>();
            db.ActorSource = () => http.HttpContext?.User.Identity?.Name;
            return db;
        });

        // The accounts without sign-in (the web host adds cookies and SignInManager with AddIdentity).
        services.AddIdentityCore<AppUser>(o =>
            {
                // The password rule is PasswordPolicy alone (PasswordPolicyValidator), with its Chinese reasons.
                o.Password.RequiredLength = 1;
                o.Password.RequiredUniqueChars = 1;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = ""; // Chinese names are user names too
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<RectifyDb>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OnceOnlyAuthenticator>(TokenOptions.DefaultAuthenticatorProvider) // each code once only
            .AddPasswordValidator<PasswordPolicyValidator>()
            .AddErrorDescriber<ChineseIdentityErrors>();
        services.AddKeyProtection(); // keys in the database, encrypted with the configured certificate
        services.AddSingleton<Mailer>();
        // SMS gateway and group robots (Features/Notifications/Delivery.cs).
        services.AddHttpClient("channels");
        services.AddSingleton<ChannelSender>();
        UploadLimits.AddUploadLimits(services); // the evidence store's limits, and the web's
        services.AddSingleton<EvidenceStore>();
        // Overview (issue 8): the dashboard's figures, reused while the ledger is unchanged.
        services.AddSingleton<OverviewCache>();
        services.AddSingleton<Features.Ledger.LedgerListCache>();
        services.AddSingleton<Features.Ledger.MergeComparisons>();
        services.AddSingleton<Features.Documents.PdfConverter>();
    }

    public const string SignInRateLimit = "sign-in";

    /// <summary>No inline script, no framing, no sniffing, no referrer leaks (OWASP ASVS V14).</summary>
    static Task SecurityHeaders(HttpContext http, Func<Task> next)
    {
        http.Response.OnStarting(() =>
        {
            var h = http.Response.Headers;
            h["Content-Security-Policy"] = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
            h["X-Content-Type-Options"] = "nosniff";
            h["Referrer-Policy"] = "same-origin";
            h["X-Frame-Options"] = "SAMEORIGIN"; // the notice preview frames our own page
            // What a signed-in user was shown, or an API answer, is not kept by the browser or a proxy (ASVS 8.2.1).
            if (!h.ContainsKey("Cache-Control") && (http.Request.Path.StartsWithSegments("/api") || http.User.Identity?.IsAuthenticated == true))
                h.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next();
    }

    /// <summary>The API answers 401 and 403; pages redirect to the sign-in page on 401 and show the 403 page (status-code pages).</summary>
    static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || status == StatusCodes.Status403Forbidden)
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
