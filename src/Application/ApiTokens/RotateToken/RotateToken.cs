using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using Mediator;

namespace EssalOffice.Application.ApiTokens.RotateToken;

/// <summary>Replaces a token by a new one with the same name and expiry; the old one is deleted in the same transaction.</summary>
public sealed record RotateToken(Guid UserId, Guid TokenId, string? ClientAddress) : ICommand<GeneratedToken>;

internal sealed class RotateTokenHandler(
    IApiTokenRepository tokens, ITokenGenerator generator, ICredentialRevocations revocations, TimeProvider clock)
    : ICommandHandler<RotateToken, GeneratedToken>
{
    public async ValueTask<GeneratedToken> Handle(RotateToken command, CancellationToken cancellationToken)
    {
        var old = await tokens.FindAsync(command.TokenId, cancellationToken);
        if (old is null || old.UserId != command.UserId)
            throw new NotFoundException("You have no token with this id.");
        var now = clock.GetUtcNow();
        if (old.IsExpiredAt(now))
            throw new ConflictException("This token has expired and cannot be rotated. Generate a new one.");

        for (var attempt = 1; ; attempt++)
        {
            var secret = generator.NewToken();
            var replacement = ApiToken.Issue(command.UserId, secret, old.Name, now, old.ExpiresAt);
            // The replace is conditional on the old token still existing: of two concurrent rotations only one wins.
            var audit = AuditEntry.Create(AuditEvents.TokenRotated, now, command.UserId, command.ClientAddress, command.UserId, replacement.Id, replacement.Hint);
            switch (await tokens.TryReplaceAsync(old.Id, replacement, audit, cancellationToken))
            {
                case ReplaceTokenOutcome.Replaced:
                    await revocations.TokensRevokedAsync([old.Id], cancellationToken);
                    return GeneratedToken.From(replacement, secret);
                case ReplaceTokenOutcome.OldTokenNotFound:
                    throw new NotFoundException("You have no token with this id.");
                case ReplaceTokenOutcome.HashCollision when attempt >= MaxAttempts:
                    throw new InvalidOperationException("The token generator keeps repeating itself; it is broken.");
            }
        }
    }

    private const int MaxAttempts = 3;
}
