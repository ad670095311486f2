using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EssalOffice.WebApi.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace EssalOffice.WebApi.Errors;

/// <summary>Writes the ProblemDetails answers that authentication produces outside of endpoints.</summary>
public sealed class ProblemResponses(IProblemDetailsService problemDetails, Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    // Under /api/ a 401 is always the same JSON for a given title but its traceId: the body is built once per title
    // (a closed set, see AuthenticationFailure) and written as bytes. Junk credentials are the cheapest requests to
    // send, so refusing them must cost no more than answering a valid one.
    private readonly ConcurrentDictionary<string, byte[]> _unauthorizedBodyStarts = new();
    private static readonly byte[] UnauthorizedBodyEnd = "\"}"u8.ToArray();

    public async Task WriteUnauthorizedAsync(HttpContext context, string title)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = TokenAuthenticationDefaults.SchemeWord;
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await WriteAsync(context, StatusCodes.Status401Unauthorized, title); // pages: HTML for browsers
            return;
        }
        var start = _unauthorizedBodyStarts.GetOrAdd(title, StartOfUnauthorizedBody);
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        context.Response.ContentType = "application/problem+json";
        context.Response.ContentLength = start.Length + Encoding.UTF8.GetByteCount(traceId) + UnauthorizedBodyEnd.Length;
        var body = context.Response.BodyWriter;
        body.Write(start);
        Encoding.UTF8.GetBytes(traceId, body);
        body.Write(UnauthorizedBodyEnd);
        await body.FlushAsync(context.RequestAborted);
    }

    /// <summary>What the ProblemDetails writer would write for this 401, up to the traceId's value.</summary>
    private byte[] StartOfUnauthorizedBody(string title) =>
        Encoding.UTF8.GetBytes(
            "{\"type\":" + JsonSerializer.Serialize(ProblemTypes.For(StatusCodes.Status401Unauthorized), json.Value.SerializerOptions) +
            ",\"title\":" + JsonSerializer.Serialize(title, json.Value.SerializerOptions) +
            ",\"status\":401,\"traceId\":\"");

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
