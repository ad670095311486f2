using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using Mediator;

namespace EssalOffice.Application.ApiTokens.GenerateToken;

public sealed record GenerateToken(Guid UserId, string? Name, DateTimeOffset? ExpiresAt) : ICommand<GeneratedToken>;

internal sealed class GenerateTokenHandler(IApiTokenRepository tokens, ITokenGenerator generator, TimeProvider clock)
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
            var outcome = await tokens.TryAddAsync(token, TokenPolicy.MaxTokensPerUser, cancellationToken);
            switch (outcome)
            {
                case AddTokenOutcome.Added:
                    return GeneratedToken.From(token, secret);
                case AddTokenOutcome.LimitReached:
                    throw new ConflictException(
                        $"You already hold {TokenPolicy.MaxTokensPerUser} tokens, the most one user may have. Delete one you no longer use.");
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
