using EssalOffice.Domain.Users;
using Microsoft.Extensions.Options;

namespace EssalOffice.Infrastructure.Persistence;

/// <summary>The first administrator (section <c>Bootstrap</c>), created by <see cref="DatabaseStartup"/> while no user exists.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    /// <summary>Empty: <c>admin</c>.</summary>
    public string? AdminUsername { get; set; }

    /// <summary>Empty: generated and shown once.</summary>
    public string? AdminPassword { get; set; }
}

/// <summary>
/// The rules every new user follows, checked before the database is touched (the bootstrap command would refuse
/// them with a stack trace). The message never holds the password.
/// </summary>
public sealed class BootstrapOptionsValidator : IValidateOptions<BootstrapOptions>
{
    public ValidateOptionsResult Validate(string? name, BootstrapOptions options)
    {
        if (!string.IsNullOrEmpty(options.AdminUsername) && !User.IsValidUsername(options.AdminUsername))
            return ValidateOptionsResult.Fail(
                $"Bootstrap__AdminUsername must be {User.MinUsernameLength} to {User.MaxUsernameLength} characters: letters, digits, '.', '_', '-' or '@'.");
        if (string.IsNullOrEmpty(options.AdminPassword)) return ValidateOptionsResult.Success;
        if (options.AdminPassword.Length is < User.MinPasswordLength or > User.MaxPasswordLength)
            return ValidateOptionsResult.Fail($"Bootstrap__AdminPassword must be {User.MinPasswordLength} to {User.MaxPasswordLength} characters.");
        if (string.IsNullOrWhiteSpace(options.AdminPassword))
            return ValidateOptionsResult.Fail("Bootstrap__AdminPassword must not be only spaces.");
        return ValidateOptionsResult.Success;
    }
}
