using EssalOffice.WebApi.Errors;
using EssalOffice.Application.Users.Login;
using EssalOffice.WebApi.Authentication;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EssalOffice.WebApi.Pages;

/// <summary>The sign-in form: a session cookie, as <c>POST /api/auth/login</c> gives, through the same use case.</summary>
[AllowAnonymous]
public sealed class LoginModel(IMediator mediator, FailedCredentialAttempts attempts) : PageModel
{
    public const string DefaultPage = "/profile/api-token";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Username) || string.IsNullOrEmpty(Password))
        {
            Error = "Enter your username and password.";
            return Page();
        }
        // Refused before the password is looked at, like the API's sign-in: the answer reveals nothing.
        if ((attempts.AddressBlocked(HttpContext) ?? attempts.UsernameBlocked(Username)) is { } wait)
        {
            Error = FailedCredentialAttempts.TooManyTitle(RetryAfter.Set(Response, wait));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        LoginResult? result = null;
        Error = await this.TryAsync(async () => result = await mediator.Send(new Login(Username, Password), cancellationToken));
        if (Error is not null) return Page();
        if (result!.User is not { } user)
        {
            attempts.SignInFailed(HttpContext, Username);
            // The same words whether the username exists or not.
            Error = result.Failure == LoginFailure.Inactive ? "This account is deactivated." : "Wrong username or password.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await HttpContext.SignInAsync(TokenAuthenticationDefaults.CookieScheme, AuthenticationSetup.CookiePrincipal(user));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : DefaultPage);
    }
}
