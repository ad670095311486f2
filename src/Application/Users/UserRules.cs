using EssalOffice.Domain.Users;
using FluentValidation;

namespace EssalOffice.Application.Users;

internal static class UserRules
{
    public static void ValidUsername<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("username is required.")
            .Must(User.IsValidUsername)
            .WithMessage($"username must be {User.MinUsernameLength} to {User.MaxUsernameLength} characters: letters, digits, '.', '_', '-' or '@'.");

    public static void NewPassword<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("password is required.")
            .Length(User.MinPasswordLength, User.MaxPasswordLength)
            .WithMessage($"password must be {User.MinPasswordLength} to {User.MaxPasswordLength} characters.");

    /// <summary>Sign-in input: present and bounded, so nobody can make us hash a megabyte.</summary>
    public static void SignInField<T>(this IRuleBuilder<T, string?> rule, string field, int maxLength) =>
        rule.NotEmpty().WithMessage($"{field} is required.")
            .MaximumLength(maxLength).WithMessage($"{field} must be at most {maxLength} characters.")
            .Must(value => value is null || !value.Any(char.IsControl)).WithMessage($"{field} must not contain control characters.");
}
