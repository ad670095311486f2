using EssalOffice.Application.Abstractions;

namespace EssalOffice.Infrastructure.Caching;

/// <summary>
/// Validation reads the database on every request for now, so a revoking change has nothing to evict.
/// The validation cache replaces this with real eviction (local and through LISTEN/NOTIFY).
/// </summary>
internal sealed class NoValidationCache : ICredentialRevocations
{
    public ValueTask TokensRevokedAsync(IReadOnlyCollection<Guid> tokenIds, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    public ValueTask UserChangedAsync(Guid userId, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
