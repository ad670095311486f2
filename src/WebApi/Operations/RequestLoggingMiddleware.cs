using System.Diagnostics;

namespace EssalOffice.WebApi.Operations;

/// <summary>
/// One log line per request: method, path, status, duration. Never headers, query strings or bodies, so no
/// token or password can reach the log; a token pasted into a path is masked too, and control characters are
/// escaped (see <see cref="SafeLogText"/>).
/// </summary>
public sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            await next(context);
            failed = false;
        }
        finally
        {
            // Health probes every few seconds would drown the log: debug level for them.
            var probe = context.Request.Path.StartsWithSegments("/health");
            // Masking and escaping cost a scan of the path on every request: only for a line that is written.
            if (logger.IsEnabled(probe ? LogLevel.Debug : LogLevel.Information))
            {
                var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
                var method = SafeLogText.Of(context.Request.Method);
                var path = SafeLogText.Of(context.Request.Path.Value ?? "/");
                var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (probe) LogProbe(logger, method, path, status, elapsedMs);
                else LogRequest(logger, method, path, status, elapsedMs);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, double elapsedMs);

    [LoggerMessage(2, LogLevel.Debug, "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogProbe(ILogger logger, string method, string path, int statusCode, double elapsedMs);
}
