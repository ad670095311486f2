using System.Security.Claims;
using EssalOffice.Application.ApiTokens;
using EssalOffice.Application.ApiTokens.DeleteToken;
using EssalOffice.Application.ApiTokens.GenerateToken;
using EssalOffice.Application.ApiTokens.ListOwnTokens;
using EssalOffice.Application.ApiTokens.RotateToken;
using EssalOffice.Application.Users;
using EssalOffice.Application.Users.GetProfile;
using EssalOffice.WebApi.Authentication;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EssalOffice.WebApi.Endpoints;

/// <summary>The caller's own profile and tokens; served to the profile page (cookie) and to integrations (token) alike.</summary>
public static class ProfileEndpoints
{
    public static RouteGroupBuilder MapProfileApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/profile").WithTags("Profile")
            .RequireAuthorization()
            .AddEndpointFilter<CookieAntiforgeryFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/", GetProfileAsync);
        group.MapGet("/tokens", ListTokensAsync);
        group.MapPost("/tokens", CreateTokenAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/tokens/{id}", DeleteTokenAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/tokens/{id}/rotate", RotateTokenAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Ok<UserView>> GetProfileAsync(ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetProfile(user.UserId()), cancellationToken));

    private static async Task<Ok<IReadOnlyList<TokenSummary>>> ListTokensAsync(ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListOwnTokens(user.UserId()), cancellationToken));

    private static async Task<Created<GeneratedToken>> CreateTokenAsync(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CreateTokenRequest? body,
        ClaimsPrincipal user, HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        var token = await mediator.Send(new GenerateToken(user.UserId(), body?.Name, body?.ExpiresAt, http.ClientAddress()), cancellationToken);
        return TypedResults.Created($"/api/profile/tokens/{token.Id}", token);
    }

    private static async Task<NoContent> DeleteTokenAsync(string id, ClaimsPrincipal user, HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteToken(user.UserId(), RequestValues.Id(id, "id"), http.ClientAddress()), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Created<GeneratedToken>> RotateTokenAsync(string id, ClaimsPrincipal user, HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        var token = await mediator.Send(new RotateToken(user.UserId(), RequestValues.Id(id, "id"), http.ClientAddress()), cancellationToken);
        return TypedResults.Created($"/api/profile/tokens/{token.Id}", token);
    }
}
