using EssalOffice.Domain.Users;
using FluentValidation;

namespace EssalOffice.Application.Users.Login;

internal sealed class LoginValidator : AbstractValidator<Login>
{
    public LoginValidator()
    {
        RuleFor(c => c.Username).SignInField("username", User.MaxUsernameLength);
        RuleFor(c => c.Password).SignInField("password", User.MaxPasswordLength);
    }
}
