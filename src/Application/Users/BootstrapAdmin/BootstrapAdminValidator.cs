using FluentValidation;

namespace EssalOffice.Application.Users.BootstrapAdmin;

internal sealed class BootstrapAdminValidator : AbstractValidator<BootstrapAdmin>
{
    public BootstrapAdminValidator()
    {
        RuleFor(c => c.Username).ValidUsername();
        RuleFor(c => c.Password).NewPassword();
    }
}
