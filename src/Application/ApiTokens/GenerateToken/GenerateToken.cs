using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using Mediator;

namespace EssalOffice.Application.ApiTokens.GenerateToken;

/// <summary>A user generates a token for themselves; <paramref name="ClientAddress"/> goes to the audit trail.</summary>
public sealed record GenerateToken(Guid UserId, string? Name, DateTimeOffset? ExpiresAt, string? ClientAddress) : ICommand<GeneratedToken>;

internal sealed class GenerateTokenHandler(IApiTokenRepository tokens, ITokenGenerator generator, TokenLimits limits, TimeProvider clock)
    : ICommandHandler<GenerateToken, GeneratedToken>
{
    public async ValueTask<GeneratedToken> Handle(GenerateToken command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            // The validator checked this a moment ago; an expiry only milliseconds ahead can have passed since.
            if (command.ExpiresAt <= now) throw ExpiryNotInTheFuture();
            var secret = generator.NewToken();
            var token = ApiToken.Issue(command.UserId, secret, command.Name, now, command.ExpiresAt);
            var audit = AuditEntry.Create(AuditEvents.TokenGenerated, now, command.UserId, command.ClientAddress, command.UserId, token.Id, token.Hint);
            var outcome = await tokens.TryAddAsync(token, limits.MaxPerUser, audit, cancellationToken);
            switch (outcome)
            {
                case AddTokenOutcome.Added:
                    return GeneratedToken.From(token, secret);
                case AddTokenOutcome.LimitReached:
                    throw new ConflictException(
                        $"You already hold {limits.MaxPerUser} tokens, the most one user may have. Delete one you no longer use.");
                case AddTokenOutcome.UserNotFound:
                    throw new NotFoundException("The user does not exist.");
                case AddTokenOutcome.HashCollision when attempt >= MaxAttempts:
                    throw new InvalidOperationException("The token generator keeps repeating itself; it is broken.");
            }
        }
    }

    private const int MaxAttempts = 3;

    private static FluentValidation.ValidationException ExpiryNotInTheFuture() =>
        new([new FluentValidation.Results.ValidationFailure(nameof(GenerateToken.ExpiresAt), TokenRules.ExpiryMessage)]);
}
