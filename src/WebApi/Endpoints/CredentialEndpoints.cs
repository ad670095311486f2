using EssalOffice.WebApi.Errors;
using System.Threading.RateLimiting;
using EssalOffice.Application.ApiTokens.RevokeExposed;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace EssalOffice.WebApi.Endpoints;

/// <summary>
/// Leaked-token self-service, like GitHub's credential revocation API: anyone who finds <c>essal_</c> tokens in a
/// public place posts them here and every live one dies at once. The answer is always 202, so it reveals nothing.
/// </summary>
public static class CredentialEndpoints
{
    public const string RevocationRateLimit = "credential-revocation";

    /// <summary>Requests per client address per minute, from <c>CredentialRevocation__RequestsPerMinute</c>.</summary>
    public static IServiceCollection AddCredentialRevocationLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = (configuration.GetSection(CredentialRevocationOptions.Section).Get<CredentialRevocationOptions>() ?? new()).RequestsPerMinute;
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(RevocationRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (context, _) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                var seconds = RetryAfter.Set(context.HttpContext.Response, wait);
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = $"Too many requests. Try again in {seconds} seconds." },
                });
            };
        });
        return services;
    }

    public static RouteHandlerBuilder MapCredentialApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/credentials/revoke", RevokeAsync)
            .WithTags("Credentials")
            .AllowAnonymous()
            .RequireRateLimiting(RevocationRateLimit)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Accepted> RevokeAsync(RevokeCredentialsRequest body, HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new RevokeExposedCredentials(body.Credentials, http.ClientAddress()), cancellationToken);
        return TypedResults.Accepted((string?)null);
    }
}

/// <summary>Section <c>CredentialRevocation</c>: the rate limit of <c>POST /api/credentials/revoke</c>.</summary>
public sealed class CredentialRevocationOptions
{
    public const string Section = "CredentialRevocation";

    /// <summary>Requests per client address per minute.</summary>
    public int RequestsPerMinute { get; set; } = 10;
}
