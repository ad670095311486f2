using EssalOffice.Application.Abstractions;
using Mediator;

namespace EssalOffice.Application.Audit.ListAuditEvents;

/// <summary>The audit trail, newest first, keyset-paged, filtered by subject user, event and time range.</summary>
public sealed record ListAuditEvents(Guid? UserId, string? Event, DateTimeOffset? From, DateTimeOffset? To, string? Cursor, int? Limit)
    : IQuery<Page<AuditEventView>>;

public sealed record AuditEventView(
    Guid Id, DateTimeOffset OccurredAt, string Event, Guid? ActorUserId, Guid? SubjectUserId,
    Guid? TokenId, string? TokenHint, string? ClientAddress);

internal sealed class ListAuditEventsHandler(IAuditTrail audit) : IQueryHandler<ListAuditEvents, Page<AuditEventView>>
{
    public async ValueTask<Page<AuditEventView>> Handle(ListAuditEvents query, CancellationToken cancellationToken)
    {
        PageCursor.TryDecode(query.Cursor, out var after);
        var limit = query.Limit ?? Paging.DefaultLimit;
        var rows = await audit.ListAsync(new AuditFilter(query.UserId, query.Event, query.From, query.To), after, limit + 1, cancellationToken);
        return Paging.From(rows, limit,
            e => new PageCursor(e.OccurredAt, e.Id),
            e => new AuditEventView(e.Id, e.OccurredAt, e.Event, e.ActorUserId, e.SubjectUserId, e.TokenId, e.TokenHint, e.ClientAddress));
    }
}
