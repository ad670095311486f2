using EssalOffice.Domain.ApiTokens;
using FluentValidation;

namespace EssalOffice.Application.ApiTokens;

internal static class TokenRules
{
    public static void ValidName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(ApiToken.IsValidName)
            .WithMessage($"The token name must be at most {ApiToken.MaxNameLength} characters, with no control or invisible characters.");

    public const string ExpiryMessage = "expiresAt must be an instant in the future.";

    public static void InTheFuture<T>(this IRuleBuilder<T, DateTimeOffset?> rule, TimeProvider clock) =>
        rule.Must(expiry => expiry is null || expiry > clock.GetUtcNow()).WithMessage(ExpiryMessage);
}
