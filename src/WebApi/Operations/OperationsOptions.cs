using EssalOffice.Application.ApiTokens;
using EssalOffice.WebApi.Authentication;
using EssalOffice.WebApi.Endpoints;
using Microsoft.Extensions.Options;

namespace EssalOffice.WebApi.Operations;

/// <summary>Section <c>BruteForce</c> (read by <see cref="FailedCredentialAttempts"/>): validated here so a bad value stops start-up.</summary>
public sealed class BruteForceOptionsValidator : IValidateOptions<BruteForceOptions>
{
    public ValidateOptionsResult Validate(string? name, BruteForceOptions options) =>
        options.FailuresPerAddress is < 1 or > 1_000_000 ? Fail(nameof(options.FailuresPerAddress))
        : options.FailuresPerUsername is < 1 or > 1_000_000 ? Fail(nameof(options.FailuresPerUsername))
        : options.WindowSeconds is < 1 or > 1_000_000 ? Fail(nameof(options.WindowSeconds))
        : ValidateOptionsResult.Success;

    private static ValidateOptionsResult Fail(string setting) =>
        ValidateOptionsResult.Fail($"{BruteForceOptions.Section}__{setting} must be a whole number from 1 to 1000000.");
}

/// <summary>Section <c>Metrics</c>: the Prometheus scraping endpoint, off unless enabled.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    public bool Enabled { get; set; }

    public string Path { get; set; } = "/metrics";

    /// <summary>When set, the endpoint answers only on connections to this local port (404 elsewhere): keep it unpublished.</summary>
    public int? Port { get; set; }
}

public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Path) || !options.Path.StartsWith('/') || options.Path.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
            return ValidateOptionsResult.Fail("Metrics__Path must be a path such as /metrics (not under /api).");
        if (options.Port is < 1 or > 65535)
            return ValidateOptionsResult.Fail("Metrics__Port must be a TCP port from 1 to 65535.");
        return ValidateOptionsResult.Success;
    }
}

/// <summary>Section <c>Shutdown</c>: how long in-flight requests and shutdown work (flushes) may take after SIGTERM.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";
    public int TimeoutSeconds { get; set; } = 30;
}

public sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options) =>
        options.TimeoutSeconds is >= 1 and <= 600
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Shutdown__TimeoutSeconds must be a whole number from 1 to 600.");
}

/// <summary>Section <c>Tokens</c>: read once at start-up into <see cref="TokenLimits"/>.</summary>
public sealed class TokensOptions
{
    public const string Section = "Tokens";

    /// <summary>How many tokens one user may hold at once; 0 would answer every token request with 409.</summary>
    public int MaxPerUser { get; set; } = TokenLimits.Default.MaxPerUser;
}

public sealed class TokensOptionsValidator : IValidateOptions<TokensOptions>
{
    public ValidateOptionsResult Validate(string? name, TokensOptions options) =>
        options.MaxPerUser is >= 1 and <= 100_000
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Tokens__MaxPerUser must be a whole number from 1 to 100000.");
}

/// <summary>Section <c>CredentialRevocation</c> (read by <see cref="CredentialEndpoints"/>): validated here so a bad value stops start-up.</summary>
public sealed class CredentialRevocationOptionsValidator : IValidateOptions<CredentialRevocationOptions>
{
    public ValidateOptionsResult Validate(string? name, CredentialRevocationOptions options) =>
        options.RequestsPerMinute is >= 1 and <= 1_000_000
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("CredentialRevocation__RequestsPerMinute must be a whole number from 1 to 1000000.");
}
