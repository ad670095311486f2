namespace EssalOffice.Application.Abstractions;

/// <summary>
/// One line of the audit trail. Repositories write it inside the transaction of the change it describes,
/// so a change is never stored without its entry, nor an entry without its change.
/// </summary>
public sealed record AuditEntry(
    Guid Id,
    DateTimeOffset OccurredAt,
    string Event,
    Guid? ActorUserId,
    Guid? SubjectUserId,
    Guid? TokenId,
    string? TokenHint,
    string? ClientAddress)
{
    public static AuditEntry Create(
        string @event, DateTimeOffset now, Guid? actorUserId, string? clientAddress,
        Guid? subjectUserId = null, Guid? tokenId = null, string? tokenHint = null)
    {
        now = Domain.Time.TruncateToMicroseconds(now);
        return new(Guid.CreateVersion7(now), now, @event, actorUserId, subjectUserId, tokenId, tokenHint, clientAddress);
    }
}

/// <summary>The names of the events, as stored and as the audit endpoint filters them.</summary>
public static class AuditEvents
{
    public const string TokenGenerated = "token_generated";
    public const string TokenRotated = "token_rotated";
    public const string TokenDeleted = "token_deleted";
    public const string TokenRevoked = "token_revoked";
    public const string AllTokensRevoked = "all_tokens_revoked";
    public const string UserDeactivated = "user_deactivated";
    public const string UserReactivated = "user_reactivated";
    public const string AdminGranted = "admin_granted";
    public const string AdminRemoved = "admin_removed";
    public const string TokenRevokedAsExposed = "token_revoked_as_exposed";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        TokenGenerated, TokenRotated, TokenDeleted, TokenRevoked, AllTokensRevoked,
        UserDeactivated, UserReactivated, AdminGranted, AdminRemoved, TokenRevokedAsExposed,
    };
}

/// <summary>Reads the audit trail; writing happens in the repositories, inside each change's transaction.</summary>
public interface IAuditTrail
{
    /// <summary>Entries newest first, after the cursor, narrowed by the filter.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(AuditFilter filter, PageCursor? after, int limit, CancellationToken cancellationToken);
}

/// <summary>Every part is optional: the subject user, the kind of event, and a half-open time range [From, To).</summary>
public sealed record AuditFilter(Guid? UserId, string? Event, DateTimeOffset? From, DateTimeOffset? To);
