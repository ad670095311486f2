using FluentValidation;

namespace EssalOffice.Application.ApiTokens.GenerateToken;

internal sealed class GenerateTokenValidator : AbstractValidator<GenerateToken>
{
    public GenerateTokenValidator(TimeProvider clock)
    {
        RuleFor(c => c.Name).ValidName();
        RuleFor(c => c.ExpiresAt).InTheFuture(clock);
    }
}
