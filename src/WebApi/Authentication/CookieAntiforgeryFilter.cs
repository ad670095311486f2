using Microsoft.AspNetCore.Antiforgery;

namespace EssalOffice.WebApi.Authentication;

/// <summary>
/// A browser sends the session cookie with every request, even one a hostile site triggers; so a
/// cookie-authenticated request that changes state must also carry the antiforgery token. Token-authenticated
/// requests need none: nobody else's page can attach our Authorization header.
/// </summary>
public sealed class CookieAntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        var changesState = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));
        var byCookie = http.User.Identity is { IsAuthenticated: true, AuthenticationType: TokenAuthenticationDefaults.CookieScheme };
        if (changesState && byCookie && !await antiforgery.IsRequestValidAsync(http))
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: $"Missing or invalid antiforgery token: get one from GET /api/auth/antiforgery and send it in the {HeaderName} header.");
        return await next(context);
    }
}
