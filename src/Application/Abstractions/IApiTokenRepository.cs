using EssalOffice.Domain.ApiTokens;

namespace EssalOffice.Application.Abstractions;

public interface IApiTokenRepository
{
    /// <summary>
    /// Stores the token unless its owner already holds <paramref name="maxTokensPerUser"/> tokens.
    /// The count, the insert and the audit entry are one transaction, so concurrent requests cannot overshoot.
    /// </summary>
    Task<AddTokenOutcome> TryAddAsync(ApiToken token, int maxTokensPerUser, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Deletes the owner's token and stores its replacement and the audit entry in one transaction.</summary>
    Task<ReplaceTokenOutcome> TryReplaceAsync(Guid oldTokenId, ApiToken replacement, AuditEntry audit, CancellationToken cancellationToken);

    Task<ApiToken?> FindAsync(Guid tokenId, CancellationToken cancellationToken);
    Task<IReadOnlyList<ApiToken>> ListForUserAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes one token; with <paramref name="ownerId"/> only when that user owns it. Returns the deleted token.
    /// The audit entry is stored with it, its subject user, token id and hint taken from the deleted row; nothing
    /// is stored when nothing was deleted.
    /// </summary>
    Task<ApiToken?> DeleteAsync(Guid tokenId, Guid? ownerId, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every token with one of these hashes, and for each an audit entry made from <paramref name="audit"/>
    /// (its subject user, token id and hint taken from the deleted row), in one transaction. Returns the deleted tokens.
    /// </summary>
    Task<IReadOnlyList<ApiToken>> DeleteByHashesAsync(IReadOnlyCollection<byte[]> hashes, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Deletes every token of the user and stores the audit entry, in one transaction; returns how many there were.</summary>
    Task<int> DeleteAllForUserAsync(Guid userId, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>The one indexed query of the validation hot path: token joined with its owner, by hash.</summary>
    Task<TokenCredentials?> FindCredentialsAsync(byte[] tokenHash, CancellationToken cancellationToken);

    /// <summary>Every token with its owner, newest first, after the cursor; optionally one user's only.</summary>
    Task<IReadOnlyList<TokenWithOwner>> ListAllAsync(Guid? userId, PageCursor? after, int limit, CancellationToken cancellationToken);
}

public enum AddTokenOutcome
{
    Added,
    LimitReached,
    UserNotFound,
    /// <summary>Another token already has this hash: astronomically unlikely, retried with a new secret.</summary>
    HashCollision,
}

public enum ReplaceTokenOutcome
{
    Replaced,
    /// <summary>The old token is gone (deleted, or rotated concurrently) or is not the owner's.</summary>
    OldTokenNotFound,
    HashCollision,
}

/// <summary>What validation needs to know about a token and its owner, read in one query.</summary>
public sealed record TokenCredentials(
    Guid TokenId,
    Guid UserId,
    string Username,
    bool IsAdmin,
    bool IsActive,
    string Hint,
    DateTimeOffset? ExpiresAt);

public sealed record TokenWithOwner(ApiToken Token, string OwnerUsername);
