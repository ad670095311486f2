using FluentValidation;

namespace EssalOffice.Application.ApiTokens.ListAllTokens;

internal sealed class ListAllTokensValidator : AbstractValidator<ListAllTokens>
{
    public ListAllTokensValidator()
    {
        RuleFor(q => q.Cursor).Must(c => PageCursor.TryDecode(c, out _))
            .WithMessage("cursor is not a value returned as nextCursor by this endpoint.");
        RuleFor(q => q.Limit).InclusiveBetween(1, Paging.MaxLimit)
            .WithMessage($"limit must be between 1 and {Paging.MaxLimit}.");
    }
}
