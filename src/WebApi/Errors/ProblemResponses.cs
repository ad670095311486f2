using EssalOffice.WebApi.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace EssalOffice.WebApi.Errors;

/// <summary>Writes the ProblemDetails answers that authentication produces outside of endpoints.</summary>
public sealed class ProblemResponses(IProblemDetailsService problemDetails)
{
    public async Task WriteUnauthorizedAsync(HttpContext context, string title)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = TokenAuthenticationDefaults.SchemeWord;
        await WriteAsync(context, StatusCodes.Status401Unauthorized, title);
    }

    public Task WriteForbiddenAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteAsync(context, StatusCodes.Status403Forbidden, "You need administrator rights for this.");
    }

    private async Task WriteAsync(HttpContext context, int status, string title)
    {
        var written = await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title },
        });
        if (!written) await context.Response.WriteAsync(title);
    }
}
