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
    private readonly PartitionedRateLimiter<string> _byAddress;
    private readonly PartitionedRateLimiter<string> _byUsername;
    private readonly TimeSpan _window;

    // Keys (addresses, usernames) with a recent failure: when their window began and their last failure
    // (Environment.TickCount64). A key that is not here has its whole allowance, so only keys that failed are looked
    // up in the limiter (a lock per look): every token request asks, and clients that never fail stay lock-free.
    // The window's start is also what Retry-After is computed from: the limiter only reports a whole window.
    private readonly ConcurrentDictionary<string, FailureWindow> _addressFailures = new();
    private readonly ConcurrentDictionary<string, FailureWindow> _usernameFailures = new();
    private readonly long _windowMs;
    private long _nextSweep;

    private readonly record struct FailureWindow(long Start, long Last);

    public FailedCredentialAttempts(IOptions<BruteForceOptions> options)
    {
        var o = options.Value;
        _window = TimeSpan.FromSeconds(Math.Max(1, o.WindowSeconds));
        _windowMs = (long)_window.TotalMilliseconds;
        _byAddress = Limiter(o.FailuresPerAddress, _window);
        _byUsername = Limiter(o.FailuresPerUsername, _window);
    }

    /// <summary>How long the caller's address must wait, or null when it may try.</summary>
    public TimeSpan? AddressBlocked(HttpContext http)
    {
        var key = AddressKey(http);
        return _addressFailures.ContainsKey(key) ? Blocked(_byAddress, _addressFailures, key) : null;
    }

    /// <summary>How long attempts for this username must wait, or null when they may go on.</summary>
    public TimeSpan? UsernameBlocked(string? username) =>
        UsernameKey(username) is { } key && _usernameFailures.ContainsKey(key) ? Blocked(_byUsername, _usernameFailures, key) : null;

    public void TokenFailed(HttpContext http) => Failed(_byAddress, _addressFailures, AddressKey(http));

    public void SignInFailed(HttpContext http, string? username)
    {
        Failed(_byAddress, _addressFailures, AddressKey(http));
        if (UsernameKey(username) is { } key) Failed(_byUsername, _usernameFailures, key);
    }

    /// <summary>Writes the 429: the same words whatever the credential was, so the answer reveals nothing about it.</summary>
    public static async Task WriteTooManyAsync(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString();
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

    private TimeSpan? Blocked(PartitionedRateLimiter<string> limiter, ConcurrentDictionary<string, FailureWindow> failures, string key)
    {
        // Asking for zero permits only looks: it takes nothing.
        using var lease = limiter.AttemptAcquire(key, 0);
        if (lease.IsAcquired) return null;
        if (!failures.TryGetValue(key, out var window)) return _window;
        // The limiter's windows follow each other from the first failure; its replenishing timer ticks every 100 ms.
        var intoWindow = (Environment.TickCount64 - window.Start) % _windowMs;
        return TimeSpan.FromMilliseconds(Math.Min(_windowMs, _windowMs - intoWindow + 100));
    }

    // The partitioned limiter drops a partition about 10 s after its window was replenished with nothing taken; the
    // next failure then starts a new series of windows.
    private const long PartitionIdleMs = 10_000;

    private void Failed(PartitionedRateLimiter<string> limiter, ConcurrentDictionary<string, FailureWindow> failures, string key)
    {
        var now = Environment.TickCount64;
        // Before taking the permit: a concurrent look then asks the limiter.
        failures.AddOrUpdate(key,
            static (_, arg) => new FailureWindow(arg.now, arg.now),
            static (_, window, arg) => arg.now - window.Last > arg.windowMs + PartitionIdleMs
                ? new FailureWindow(arg.now, arg.now)
                : window with { Last = arg.now },
            (now, windowMs: _windowMs));
        limiter.AttemptAcquire(key, 1).Dispose();
        if (now >= Interlocked.Read(ref _nextSweep)) ForgetOldFailures(now);
    }

    // Once its last failure is a whole window old, a key's window has been replenished: it may be forgotten, after the
    // limiter's own idle time, so that a key failing again soon keeps the limiter's series of windows.
    private void ForgetOldFailures(long now)
    {
        Interlocked.Exchange(ref _nextSweep, now + _windowMs);
        foreach (var failures in new[] { _addressFailures, _usernameFailures })
        {
            foreach (var failure in failures)
            {
                if (now - failure.Value.Last > _windowMs + PartitionIdleMs) failures.TryRemove(failure);
            }
        }
    }

    private static string AddressKey(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    // Longer or empty names fail validation anyway; the limit must not let anyone fill memory with junk keys.
    private static string? UsernameKey(string? username) =>
        string.IsNullOrWhiteSpace(username) || username.Length > User.MaxUsernameLength ? null : User.Normalize(username);

    private static PartitionedRateLimiter<string> Limiter(int failures, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, failures), Window = window, QueueLimit = 0, AutoReplenishment = true }));
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
