using Microsoft.Extensions.Options;

namespace EssalOffice.Infrastructure.Caching;

/// <summary>The validation cache (section <c>ValidationCache</c>).</summary>
public sealed class ValidationCacheOptions
{
    public const string Section = "ValidationCache";

    /// <summary>Off: every request with a token reads the database (for comparison, or to rule the cache out).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many validated tokens are remembered at most; the least recently used make room.</summary>
    public int Capacity { get; set; } = 200_000;
}

public sealed class ValidationCacheOptionsValidator : IValidateOptions<ValidationCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ValidationCacheOptions options) =>
        options.Capacity is < 100 or > 10_000_000
            ? ValidateOptionsResult.Fail("ValidationCache__Capacity must be a whole number from 100 to 10000000.")
            : ValidateOptionsResult.Success;
}
