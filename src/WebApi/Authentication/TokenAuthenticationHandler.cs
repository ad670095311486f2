using System.Security.Claims;
using System.Text.Encodings.Web;
using EssalOffice.Application.ApiTokens.ValidateToken;
using EssalOffice.Infrastructure.Observability;
using EssalOffice.WebApi.Errors;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EssalOffice.WebApi.Authentication;

/// <summary>
/// The <c>Token</c> scheme: parses the header, dispatches <see cref="ValidateToken"/>, and turns the answer
/// into a principal or a failure whose title says what was wrong. Database faults propagate (503), they
/// are not authentication failures.
/// </summary>
public sealed partial class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    // The generated class, not IMediator: its Send overload for ValidateToken takes the struct as it is (no boxing).
    global::Mediator.Mediator mediator,
    ProblemResponses problems,
    EssalMetrics metrics,
    FailedCredentialAttempts failedAttempts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0) return AuthenticateResult.NoResult();
        if (headers.Count > 1) return Failed(AuthenticationFailure.SeveralHeaders);

        var parsed = AuthorizationHeaderParser.Parse(headers[0]);
        if (parsed.Problem == HeaderProblem.OtherScheme)
        {
            AuthenticationFailure.Remember(Context, AuthenticationFailure.Title(parsed.Problem));
            return AuthenticateResult.NoResult();
        }
        if (parsed.Problem != HeaderProblem.None) return Failed(AuthenticationFailure.Title(parsed.Problem));

        var result = await mediator.Send(new ValidateToken(parsed.CredentialValue), Context.RequestAborted);
        if (!result.Succeeded) return Failed(AuthenticationFailure.Title(result.Rejection), result.Rejection);

        var credentials = result.Credentials!;
        LogAuthenticated(Logger, credentials.TokenId, credentials.Hint, credentials.UserId);
        metrics.Authenticated();
        var claims = new List<Claim>(4)
        {
            new(ClaimTypes.NameIdentifier, credentials.UserId.ToString()),
            new(ClaimTypes.Name, credentials.Username),
            new(TokenAuthenticationDefaults.TokenIdClaim, credentials.TokenId.ToString()),
        };
        if (credentials.IsAdmin) claims.Add(new Claim(ClaimTypes.Role, TokenAuthenticationDefaults.AdminRole));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    private AuthenticateResult Failed(string title, TokenRejection? rejection = null)
    {
        LogRejected(Logger, rejection?.ToString() ?? "MalformedHeader");
        metrics.AuthenticationFailed(rejection?.ToString() ?? "MalformedHeader");
        failedAttempts.TokenFailed(Context);
        AuthenticationFailure.Remember(Context, title);
        return AuthenticateResult.Fail(title);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        problems.WriteUnauthorizedAsync(Context, AuthenticationFailure.For(Context));

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        problems.WriteForbiddenAsync(Context);

    [LoggerMessage(1, LogLevel.Debug, "Token {TokenId} ({Hint}) authenticated user {UserId}")]
    private static partial void LogAuthenticated(ILogger logger, Guid tokenId, string hint, Guid userId);

    [LoggerMessage(2, LogLevel.Information, "Token authentication failed: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
