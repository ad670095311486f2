using System.Security.Claims;
using EssalOffice.Application;
using EssalOffice.Application.Users;
using EssalOffice.Application.Users.GetProfile;
using EssalOffice.WebApi.Errors;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace EssalOffice.WebApi.Authentication;

public static class AuthenticationSetup
{
    /// <summary>Token and cookie schemes behind one policy scheme that picks by the presence of an Authorization header.</summary>
    public static IServiceCollection AddEssalAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ProblemResponses>();
        services.AddAuthentication(TokenAuthenticationDefaults.PolicyScheme)
            .AddPolicyScheme(TokenAuthenticationDefaults.PolicyScheme, "Token or session cookie", options =>
                options.ForwardDefaultSelector = context => context.Request.Headers.ContainsKey("Authorization")
                    ? TokenAuthenticationDefaults.AuthenticationScheme
                    : TokenAuthenticationDefaults.CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationDefaults.AuthenticationScheme, null)
            .AddCookie(TokenAuthenticationDefaults.CookieScheme, options =>
            {
                options.Cookie.Name = "essal_session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.LoginPath = "/login";
                options.LogoutPath = "/logout";
                options.AccessDeniedPath = "/forbidden";
                options.Events = new CookieAuthenticationEvents
                {
                    // Under /api/ nothing redirects: 401 and 403 as ProblemDetails, like for tokens.
                    OnRedirectToLogin = context => IsApi(context.Request)
                        ? context.HttpContext.RequestServices.GetRequiredService<ProblemResponses>()
                            .WriteUnauthorizedAsync(context.HttpContext, AuthenticationFailure.For(context.HttpContext))
                        : RedirectAsync(context),
                    OnRedirectToAccessDenied = context => IsApi(context.Request)
                        ? context.HttpContext.RequestServices.GetRequiredService<ProblemResponses>().WriteForbiddenAsync(context.HttpContext)
                        : RedirectAsync(context),
                    OnValidatePrincipal = RefreshFromDatabaseAsync,
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(TokenAuthenticationDefaults.AdminPolicy, policy => policy.RequireRole(TokenAuthenticationDefaults.AdminRole));

        services.AddAntiforgery(options =>
        {
            options.HeaderName = CookieAntiforgeryFilter.HeaderName;
            options.Cookie.Name = "essal_antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        // Brute force: only failed attempts are counted (per address, and per username for sign-ins).
        services.Configure<BruteForceOptions>(configuration.GetSection(BruteForceOptions.Section));
        services.AddSingleton<FailedCredentialAttempts>();
        return services;
    }

    public static ClaimsPrincipal CookiePrincipal(UserView user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.Username),
        };
        if (user.IsAdmin) claims.Add(new Claim(ClaimTypes.Role, TokenAuthenticationDefaults.AdminRole));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, TokenAuthenticationDefaults.CookieScheme));
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Task RedirectAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A session never grants more than the user has right now: a deactivated user's session ends, and a
    /// user who loses admin loses it on the next request.
    /// </summary>
    private static async Task RefreshFromDatabaseAsync(CookieValidatePrincipalContext context)
    {
        if (!Guid.TryParse(context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            context.RejectPrincipal();
            return;
        }
        var mediator = context.HttpContext.RequestServices.GetRequiredService<IMediator>();
        UserView user;
        try
        {
            user = await mediator.Send(new GetProfile(userId), context.HttpContext.RequestAborted);
        }
        catch (NotFoundException)
        {
            context.RejectPrincipal();
            return;
        }
        if (!user.IsActive)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(TokenAuthenticationDefaults.CookieScheme);
            return;
        }
        if (user.IsAdmin != context.Principal!.IsInRole(TokenAuthenticationDefaults.AdminRole))
        {
            context.ReplacePrincipal(CookiePrincipal(user));
            context.ShouldRenew = true;
        }
    }
}
