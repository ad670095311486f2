using Microsoft.Extensions.Options;

namespace EssalOffice.Infrastructure.Persistence;

/// <summary>How patiently start-up waits for the database (section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Connection attempts before start-up gives up; the delay doubles after each failed one.</summary>
    public int StartupAttempts { get; set; } = 5;

    public TimeSpan StartupRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}

public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (options.StartupAttempts is < 1 or > 100)
            return ValidateOptionsResult.Fail("Database__StartupAttempts must be a whole number from 1 to 100.");
        if (options.StartupRetryDelay < TimeSpan.Zero || options.StartupRetryDelay > TimeSpan.FromMinutes(5))
            return ValidateOptionsResult.Fail("Database__StartupRetryDelay must be a duration from 00:00:00 to 00:05:00.");
        return ValidateOptionsResult.Success;
    }
}
