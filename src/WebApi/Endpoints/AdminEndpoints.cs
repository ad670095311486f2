using System.Security.Claims;
using EssalOffice.Application;
using EssalOffice.Application.ApiTokens.AdminRevoke;
using EssalOffice.Application.Audit.ListAuditEvents;
using EssalOffice.Application.ApiTokens.ListAllTokens;
using EssalOffice.Application.Users;
using EssalOffice.Application.Users.CreateUser;
using EssalOffice.Application.Users.ListUsers;
using EssalOffice.Application.Users.UpdateUser;
using EssalOffice.WebApi.Authentication;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EssalOffice.WebApi.Endpoints;

/// <summary>Administrators see every user and token, and revoke tokens without deleting anyone.</summary>
public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Administration")
            .RequireAuthorization(TokenAuthenticationDefaults.AdminPolicy)
            .AddEndpointFilter<CookieAntiforgeryFilter>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/users", ListUsersAsync);
        group.MapPost("/users", CreateUserAsync).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPatch("/users/{id}", UpdateUserAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/users/{id}/tokens", RevokeAllUserTokensAsync).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/tokens", ListTokensAsync);
        group.MapDelete("/tokens/{id}", RevokeTokenAsync).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/audit", ListAuditEventsAsync);
        return group;
    }

    private static async Task<Ok<Page<UserView>>> ListUsersAsync(string? cursor, string? limit, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListUsers(cursor, RequestValues.OptionalInt(limit, "limit")), cancellationToken));

    private static async Task<Created<UserView>> CreateUserAsync(CreateUserRequest body, IMediator mediator, CancellationToken cancellationToken)
    {
        var user = await mediator.Send(new CreateUser(body.Username, body.Password, body.IsAdmin ?? false), cancellationToken);
        return TypedResults.Created($"/api/admin/users/{user.Id}", user);
    }

    private static async Task<Ok<UserView>> UpdateUserAsync(
        string id, UpdateUserRequest body, ClaimsPrincipal actor, HttpContext http, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(
            new UpdateUser(actor.UserId(), RequestValues.Id(id, "id"), body.IsActive, body.IsAdmin, http.ClientAddress()), cancellationToken));

    private static async Task<NoContent> RevokeAllUserTokensAsync(
        string id, ClaimsPrincipal actor, HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new RevokeAllUserTokens(actor.UserId(), RequestValues.Id(id, "id"), http.ClientAddress()), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<Page<AdminTokenView>>> ListTokensAsync(
        string? userId, string? cursor, string? limit, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListAllTokens(
            RequestValues.OptionalId(userId, "userId"), cursor, RequestValues.OptionalInt(limit, "limit")), cancellationToken));

    private static async Task<NoContent> RevokeTokenAsync(
        string id, ClaimsPrincipal actor, HttpContext http, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new RevokeToken(actor.UserId(), RequestValues.Id(id, "id"), http.ClientAddress()), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<Page<AuditEventView>>> ListAuditEventsAsync(
        string? userId, string? @event, string? from, string? to, string? cursor, string? limit,
        IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListAuditEvents(
            RequestValues.OptionalId(userId, "userId"), string.IsNullOrEmpty(@event) ? null : @event,
            RequestValues.OptionalInstant(from, "from"), RequestValues.OptionalInstant(to, "to"),
            cursor, RequestValues.OptionalInt(limit, "limit")), cancellationToken));
}
