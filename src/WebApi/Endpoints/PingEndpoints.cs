using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EssalOffice.WebApi.Endpoints;

/// <summary>
/// <c>GET /api/ping</c>: answers anyone, and names the user when a token is sent. A bad token gets the same 401
/// as anywhere else, so the same request with and without a token measures exactly what authentication costs.
/// </summary>
public static class PingEndpoints
{
    public static RouteHandlerBuilder MapPingApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/ping", Ping)
            .WithTags("Ping")
            .WithSummary("Answers anyone; with a token, says whose it is.")
            .AllowAnonymous()
            .Produces<PingView>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static Results<Ok<PingView>, ChallengeHttpResult> Ping(ClaimsPrincipal user, HttpContext http)
    {
        var authenticated = user.Identity?.IsAuthenticated == true;
        // Anonymous is fine; a credential that was sent and refused is not.
        if (!authenticated && http.Request.Headers.ContainsKey("Authorization")) return TypedResults.Challenge();
        return TypedResults.Ok(authenticated ? new PingView(user.Identity!.Name) : PingView.Anonymous);
    }
}

public sealed record PingView(string? User)
{
    public static readonly PingView Anonymous = new((string?)null);
}
