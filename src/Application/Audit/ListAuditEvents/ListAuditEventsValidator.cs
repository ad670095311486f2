using EssalOffice.Application.Abstractions;
using FluentValidation;

namespace EssalOffice.Application.Audit.ListAuditEvents;

internal sealed class ListAuditEventsValidator : AbstractValidator<ListAuditEvents>
{
    public ListAuditEventsValidator()
    {
        RuleFor(q => q.Event).Must(e => e is null || AuditEvents.All.Contains(e))
            .WithMessage($"event must be one of: {string.Join(", ", AuditEvents.All.Order(StringComparer.Ordinal))}.");
        RuleFor(q => q).Must(q => q.From is null || q.To is null || q.From < q.To)
            .WithName("from").WithMessage("from must be earlier than to.");
        RuleFor(q => q.Cursor).Must(c => PageCursor.TryDecode(c, out _))
            .WithMessage("cursor is not a value returned as nextCursor by this endpoint.");
        RuleFor(q => q.Limit).InclusiveBetween(1, Paging.MaxLimit)
            .WithMessage($"limit must be between 1 and {Paging.MaxLimit}.");
    }
}
