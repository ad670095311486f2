using FluentValidation;

namespace EssalOffice.Application.ApiTokens.RevokeExposed;

internal sealed class RevokeExposedCredentialsValidator : AbstractValidator<RevokeExposedCredentials>
{
    public RevokeExposedCredentialsValidator()
    {
        RuleFor(c => c.Credentials).NotNull().WithMessage("credentials is required: a JSON array of the token values to revoke.");
        RuleFor(c => c.Credentials!.Count).LessThanOrEqualTo(RevokeExposedCredentials.MaxCredentials)
            .When(c => c.Credentials is not null).OverridePropertyName("credentials")
            .WithMessage($"Send at most {RevokeExposedCredentials.MaxCredentials} credentials per request.");
        RuleFor(c => c.Credentials).Must(list => list!.All(c => c is null || c.Length <= RevokeExposedCredentials.MaxCredentialLength))
            .When(c => c.Credentials is not null)
            .WithMessage($"Each credential must be at most {RevokeExposedCredentials.MaxCredentialLength} characters.");
    }
}
