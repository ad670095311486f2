using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EssalOffice.WebApi.Errors;

/// <summary>Gives the bare status codes that routing and binding produce (404, 405, 415) a ProblemDetails body a person can act on.</summary>
public static class StatusCodeProblems
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var title = status switch
        {
            // The path is not repeated: it may hold a token pasted into the wrong place.
            StatusCodes.Status404NotFound => "There is nothing at this address: check the path.",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed here.",
            StatusCodes.Status415UnsupportedMediaType => "Send the request body as JSON with 'Content-Type: application/json'.",
            _ => null,
        };
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title },
        }).AsTask();
    }
}
