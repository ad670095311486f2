using FluentValidation;

namespace EssalOffice.Application.Users.UpdateUser;

internal sealed class UpdateUserValidator : AbstractValidator<UpdateUser>
{
    public UpdateUserValidator()
    {
        RuleFor(c => c).Must(c => c.IsActive is not null || c.IsAdmin is not null)
            .WithName("body").WithMessage("Give isActive, isAdmin or both.");
    }
}
