using Dapper;
using EssalOffice.Application;
using EssalOffice.Application.Abstractions;
using Npgsql;

namespace EssalOffice.Infrastructure.Persistence;

/// <summary>Reads the audit trail; the repositories write it through <see cref="AuditSql"/> inside their transactions.</summary>
internal sealed class AuditTrail(NpgsqlDataSource dataSource) : IAuditTrail
{
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditFilter filter, PageCursor? after, int limit, CancellationToken cancellationToken)
    {
        var conditions = new List<string>(5);
        if (filter.UserId is not null) conditions.Add("subject_user_id = @userId");
        if (filter.Event is not null) conditions.Add("event = @event");
        if (filter.From is not null) conditions.Add("occurred_at >= @from");
        if (filter.To is not null) conditions.Add("occurred_at < @to");
        if (after is not null) conditions.Add("(occurred_at, id) < (@afterOccurredAt, @afterId)");
        var where = conditions.Count == 0 ? "" : "where " + string.Join(" and ", conditions);
        var sql = $"""
            select {AuditRow.Columns} from audit_events
             {where}
             order by occurred_at desc, id desc
             limit @limit
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(sql, new
        {
            userId = filter.UserId,
            @event = filter.Event,
            from = filter.From?.UtcDateTime,
            to = filter.To?.UtcDateTime,
            afterOccurredAt = after?.CreatedAt.UtcDateTime,
            afterId = after?.Id,
            limit,
        }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEntry()).ToList();
    }
}

internal static class AuditSql
{
    /// <summary>Writes the entry inside the caller's transaction: it commits or rolls back with the change.</summary>
    public static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            insert into audit_events (id, occurred_at, event, actor_user_id, subject_user_id, token_id, token_hint, client_address)
            values (@Id, @OccurredAt, @Event, @ActorUserId, @SubjectUserId, @TokenId, @TokenHint, @ClientAddress)
            """,
            new
            {
                entry.Id, OccurredAt = entry.OccurredAt.UtcDateTime, entry.Event, entry.ActorUserId, entry.SubjectUserId,
                entry.TokenId, entry.TokenHint, entry.ClientAddress,
            },
            transaction, cancellationToken: cancellationToken));
}

internal sealed class AuditRow
{
    public Guid Id { get; init; }
    public DateTime OccurredAt { get; init; }
    public string Event { get; init; } = "";
    public Guid? ActorUserId { get; init; }
    public Guid? SubjectUserId { get; init; }
    public Guid? TokenId { get; init; }
    public string? TokenHint { get; init; }
    public string? ClientAddress { get; init; }

    public const string Columns = "id, occurred_at, event, actor_user_id, subject_user_id, token_id, token_hint, client_address";

    public AuditEntry ToEntry() =>
        new(Id, UserRow.Utc(OccurredAt), Event, ActorUserId, SubjectUserId, TokenId, TokenHint, ClientAddress);
}
