using EssalOffice.WebApi.Errors;
using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using EssalOffice.Domain.Users;
using Microsoft.Extensions.Options;

namespace EssalOffice.WebApi.Authentication;

/// <summary>Limits on failed credential checks (environment form <c>BruteForce__FailuresPerAddress</c> and so on).</summary>
public sealed class BruteForceOptions
{
    public const string Section = "BruteForce";

    /// <summary>Failed token authentications and failed sign-ins one client address may make per window.</summary>
    public int FailuresPerAddress { get; set; } = 20;

    /// <summary>Failed sign-ins for one username, from any address, per window.</summary>
    public int FailuresPerUsername { get; set; } = 10;

    public int WindowSeconds { get; set; } = 300;
}

/// <summary>
/// Counts failed credential checks with System.Threading.RateLimiting's fixed-window limiters: per client address
/// (tokens and sign-ins) and per username (sign-ins). Only failures take permits, so a client that makes no failed
/// attempt is never slowed; once a partition has none left, attempts are refused before any credential is looked at.
/// </summary>
public sealed class FailedCredentialAttempts : IDisposable
{
    private readonly FailureCounter _byAddress;
    private readonly FailureCounter _byUsername;
    private long _nextSweep;
    private readonly long _windowMs;

    public FailedCredentialAttempts(IOptions<BruteForceOptions> options)
    {
        var o = options.Value;
        var window = TimeSpan.FromSeconds(Math.Max(1, o.WindowSeconds));
        _windowMs = (long)window.TotalMilliseconds;
        _byAddress = new FailureCounter(o.FailuresPerAddress, window);
        _byUsername = new FailureCounter(o.FailuresPerUsername, window);
    }

    /// <summary>How long the caller's address must wait, or null when it may try.</summary>
    public TimeSpan? AddressBlocked(HttpContext http) => _byAddress.Blocked(AddressKey(http));

    /// <summary>How long attempts for this username must wait, or null when they may go on.</summary>
    public TimeSpan? UsernameBlocked(string? username) => UsernameKey(username) is { } key ? _byUsername.Blocked(key) : null;

    public void TokenFailed(HttpContext http) => Failed(_byAddress, AddressKey(http));

    public void SignInFailed(HttpContext http, string? username)
    {
        Failed(_byAddress, AddressKey(http));
        if (UsernameKey(username) is { } key) Failed(_byUsername, key);
    }

    /// <summary>Writes the 429: the same words whatever the credential was, so the answer reveals nothing about it.</summary>
    public static async Task WriteTooManyAsync(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = RetryAfter.Set(http.Response, retryAfter);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = TooManyTitle(seconds) },
        });
    }

    public static string TooManyTitle(int seconds) => $"Too many failed attempts. Try again in {seconds} seconds.";

    public void Dispose()
    {
        _byAddress.Dispose();
        _byUsername.Dispose();
    }

    private void Failed(FailureCounter counter, string key)
    {
        var now = Environment.TickCount64;
        counter.Failed(key, now);
        if (now < Interlocked.Read(ref _nextSweep)) return;
        Interlocked.Exchange(ref _nextSweep, now + _windowMs);
        _byAddress.ForgetOldFailures(now);
        _byUsername.ForgetOldFailures(now);
    }

    private static string AddressKey(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    // Longer or empty names fail validation anyway; the limit must not let anyone fill memory with junk keys.
    private static string? UsernameKey(string? username) =>
        string.IsNullOrWhiteSpace(username) || username.Length > User.MaxUsernameLength ? null : User.Normalize(username);

    /// <summary>
    /// One fixed-window limiter (address or username) and the keys with a recent failure: when their window began and
    /// their last failure (Environment.TickCount64). A key that is not here has its whole allowance, so only keys that
    /// failed are looked up in the limiter (a lock per look): every token request asks, and clients that never fail
    /// stay lock-free. The window's start is also what Retry-After is computed from: the limiter only reports a whole
    /// window.
    /// </summary>
    private sealed class FailureCounter(int failures, TimeSpan window) : IDisposable
    {
        // The partitioned limiter drops a partition about 10 s after its window was replenished with nothing taken;
        // the next failure then starts a new series of windows.
        private const long PartitionIdleMs = 10_000;

        private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, failures), Window = window, QueueLimit = 0, AutoReplenishment = true,
            }));
        private readonly ConcurrentDictionary<string, FailureWindow> _recent = new();
        private readonly long _windowMs = (long)window.TotalMilliseconds;

        private readonly record struct FailureWindow(long Start, long Last);

        public TimeSpan? Blocked(string key)
        {
            if (!_recent.TryGetValue(key, out var recent)) return null;
            // Asking for zero permits only looks: it takes nothing.
            using var lease = _limiter.AttemptAcquire(key, 0);
            if (lease.IsAcquired) return null;
            // The limiter's windows follow each other from the first failure; its replenishing timer ticks every 100 ms.
            var intoWindow = (Environment.TickCount64 - recent.Start) % _windowMs;
            return TimeSpan.FromMilliseconds(Math.Min(_windowMs, _windowMs - intoWindow + 100));
        }

        public void Failed(string key, long now)
        {
            // Before taking the permit: a concurrent look then asks the limiter.
            _recent.AddOrUpdate(key,
                static (_, arg) => new FailureWindow(arg.now, arg.now),
                static (_, recent, arg) => arg.now - recent.Last > arg.windowMs + PartitionIdleMs
                    ? new FailureWindow(arg.now, arg.now)
                    : recent with { Last = arg.now },
                (now, windowMs: _windowMs));
            _limiter.AttemptAcquire(key, 1).Dispose();
        }

        // Once its last failure is a whole window old, a key's window has been replenished: it may be forgotten, after
        // the limiter's own idle time, so that a key failing again soon keeps the limiter's series of windows.
        public void ForgetOldFailures(long now)
        {
            foreach (var recent in _recent)
            {
                if (now - recent.Value.Last > _windowMs + PartitionIdleMs) _recent.TryRemove(recent);
            }
        }

        public void Dispose() => _limiter.Dispose();
    }
}

/// <summary>Marks an endpoint that checks a username and password, so that a blocked address is refused before it runs.</summary>
public sealed class ChecksCredentialsMetadata
{
    public static readonly ChecksCredentialsMetadata Instance = new();
}

public static class FailedCredentialAttemptsExtensions
{
    public static RouteHandlerBuilder ChecksCredentials(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(ChecksCredentialsMetadata.Instance);

    /// <summary>
    /// Before authentication: a request that presents a token, or goes to an endpoint that checks a password, from an
    /// address that has used up its failures, gets 429 with Retry-After and nothing is checked.
    /// </summary>
    public static IApplicationBuilder UseFailedCredentialLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var attempt = context.Request.Headers.ContainsKey("Authorization")
                      || context.GetEndpoint()?.Metadata.GetMetadata<ChecksCredentialsMetadata>() is not null;
        if (attempt && context.RequestServices.GetRequiredService<FailedCredentialAttempts>().AddressBlocked(context) is { } wait)
        {
            await FailedCredentialAttempts.WriteTooManyAsync(context, wait);
            return;
        }
        await next(context);
    });
}
