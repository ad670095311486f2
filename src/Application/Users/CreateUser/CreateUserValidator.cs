using FluentValidation;

namespace EssalOffice.Application.Users.CreateUser;

internal sealed class CreateUserValidator : AbstractValidator<CreateUser>
{
    public CreateUserValidator()
    {
        RuleFor(c => c.Username).ValidUsername();
        RuleFor(c => c.Password).NewPassword();
    }
}
