using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EssalOffice.WebApi.Errors;

/// <summary>
/// The last writer asked: problem+json whatever the <c>Accept</c> header says. The default writer declines
/// when a client accepts only, say, <c>text/plain</c>, and an error must never turn into a 500 for that.
/// </summary>
public sealed class JsonProblemDetailsWriter(IOptions<JsonOptions> jsonOptions) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Type ??= ProblemTypes.For(problem.Status);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        return new ValueTask(http.Response.WriteAsJsonAsync(
            problem, jsonOptions.Value.SerializerOptions.GetTypeInfo(problem.GetType()), "application/problem+json", http.RequestAborted));
    }
}
