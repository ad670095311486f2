namespace EssalOffice.Application.Abstractions;

/// <summary>
/// Told after every change that takes rights away (token deleted, rotated or revoked, user deactivated
/// or demoted), before the response is sent, so that nothing remembered about a credential outlives it.
/// </summary>
public interface ICredentialRevocations
{
    ValueTask TokensRevokedAsync(IReadOnlyCollection<Guid> tokenIds, CancellationToken cancellationToken);
    ValueTask UserChangedAsync(Guid userId, CancellationToken cancellationToken);
}
