using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EssalOffice.WebApi.Endpoints;

public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>Liveness answers while the process runs; readiness also needs the database (503 without it).</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/live", (HealthCheckService health, HttpContext http, CancellationToken cancellationToken) =>
                CheckAsync(health, http, _ => false, cancellationToken))
            .WithSummary("Liveness: the process answers.")
            .Produces<HealthView>();
        group.MapGet("/ready", (HealthCheckService health, HttpContext http, CancellationToken cancellationToken) =>
                CheckAsync(health, http, check => check.Tags.Contains(ReadyTag), cancellationToken))
            .WithSummary("Readiness: the process answers and the database is reachable.")
            .Produces<HealthView>()
            .Produces<HealthView>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<JsonHttpResult<HealthView>> CheckAsync(
        HealthCheckService health, HttpContext http, Func<HealthCheckRegistration, bool> predicate, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(predicate, cancellationToken);
        // Never cached by a proxy: a stale "Healthy" would hide an outage.
        http.Response.Headers.CacheControl = "no-store, no-cache";
        // Names and statuses only: exception messages could describe the connection string.
        var view = new HealthView(report.Status.ToString(),
            report.Entries.Select(e => new HealthCheckView(e.Key, e.Value.Status.ToString())).ToArray());
        var status = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        return TypedResults.Json(view, statusCode: status);
    }
}

public sealed record HealthView(string Status, IReadOnlyList<HealthCheckView> Checks);

public sealed record HealthCheckView(string Name, string Status);
