using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EssalOffice.WebApi.Operations;

/// <summary>
/// Keeps a check's status but replaces the exception of a failed result with a one-line reason in its description:
/// the health check service logs that exception with its stack trace, at Error level, on every probe, which floods
/// the log while the database is down (a probe every few seconds). A check that throws is left alone: that is a bug
/// in the check, and its stack trace is worth having.
/// </summary>
internal sealed class OneLineHealthCheck(IHealthCheck inner) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = await inner.CheckHealthAsync(context, cancellationToken);
        return result.Exception is { } exception
            ? new HealthCheckResult(result.Status, Reason(result.Description, exception), exception: null, result.Data)
            : result;
    }

    /// <summary>
    /// The description (the Npgsql check puts the exception's message there) and the root cause, in one line. Nothing
    /// the full exception did not already log: Npgsql's messages name the host and port, never the connection string or password.
    /// </summary>
    internal static string Reason(string? description, Exception exception)
    {
        var reason = description ?? exception.Message;
        var root = exception.GetBaseException();
        if (root != exception) reason += $" ({root.GetType().Name}: {root.Message})";
        return reason.ReplaceLineEndings(" ");
    }
}

public static class OneLineHealthCheckExtensions
{
    /// <summary>Wraps every registered check (post-configured, so whatever the order of registration) in <see cref="OneLineHealthCheck"/>.</summary>
    public static IHealthChecksBuilder WithOneLineFailures(this IHealthChecksBuilder builder)
    {
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                var factory = registration.Factory;
                registration.Factory = services => new OneLineHealthCheck(factory(services));
            }
        });
        return builder;
    }
}
