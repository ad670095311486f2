using EssalOffice.Application.ApiTokens;
using EssalOffice.Application.ApiTokens.GenerateToken;
using EssalOffice.Application.Users;
using EssalOffice.Application.Users.Login;
using EssalOffice.WebApi.Authentication;
using EssalOffice.WebApi.Errors;
using Mediator;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EssalOffice.WebApi.Endpoints;

public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Authentication");
        group.MapPost("/login", LoginAsync).ChecksCredentials()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/logout", (Delegate)LogoutAsync).RequireAuthorization().AddEndpointFilter<CookieAntiforgeryFilter>()
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/token", IssueTokenAsync).ChecksCredentials()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/antiforgery", Antiforgery).RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return group;
    }

    /// <summary>Signs in for the web interface: a session cookie, no token.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> LoginAsync(
        LoginRequest body, IMediator mediator, FailedCredentialAttempts attempts, HttpContext http, CancellationToken cancellationToken)
    {
        if (attempts.UsernameBlocked(body.Username) is { } wait) return TooManyFailures(http, wait);
        var result = await mediator.Send(new Login(body.Username, body.Password), cancellationToken);
        if (result.User is not { } user) return LoginFailed(http, attempts, body.Username, result.Failure);
        await http.SignInAsync(TokenAuthenticationDefaults.CookieScheme, AuthenticationSetup.CookiePrincipal(user));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> LogoutAsync(HttpContext http)
    {
        await http.SignOutAsync(TokenAuthenticationDefaults.CookieScheme);
        return TypedResults.NoContent();
    }

    /// <summary>Username and password in, a new named token out: how a scanner or script sets itself up.</summary>
    private static async Task<Results<Created<GeneratedToken>, ProblemHttpResult>> IssueTokenAsync(
        IssueTokenRequest body, IMediator mediator, FailedCredentialAttempts attempts, HttpContext http, CancellationToken cancellationToken)
    {
        if (attempts.UsernameBlocked(body.Username) is { } wait) return TooManyFailures(http, wait);
        var result = await mediator.Send(new Login(body.Username, body.Password), cancellationToken);
        if (result.User is not { } user) return LoginFailed(http, attempts, body.Username, result.Failure);
        var token = await mediator.Send(new GenerateToken(user.Id, body.Name, body.ExpiresAt, http.ClientAddress()), cancellationToken);
        return TypedResults.Created($"/api/profile/tokens/{token.Id}", token);
    }

    private static Ok<AntiforgeryTokenResponse> Antiforgery(IAntiforgery antiforgery, HttpContext http)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return TypedResults.Ok(new AntiforgeryTokenResponse(tokens.HeaderName!, tokens.RequestToken!));
    }

    /// <summary>Answered before the password is looked at: the same whether it would have been right or wrong.</summary>
    private static ProblemHttpResult TooManyFailures(HttpContext http, TimeSpan wait)
    {
        var seconds = RetryAfter.Set(http.Response, wait);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: FailedCredentialAttempts.TooManyTitle(seconds));
    }

    private static ProblemHttpResult LoginFailed(HttpContext http, FailedCredentialAttempts attempts, string? username, LoginFailure failure)
    {
        attempts.SignInFailed(http, username);
        http.Response.Headers.WWWAuthenticate = TokenAuthenticationDefaults.SchemeWord;
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: failure == LoginFailure.Inactive ? "This account is deactivated." : "Wrong username or password.");
    }
}
