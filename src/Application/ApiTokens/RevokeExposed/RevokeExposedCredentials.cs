using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using Mediator;

namespace EssalOffice.Application.ApiTokens.RevokeExposed;

/// <summary>
/// Anyone who finds tokens in a public place (a secret scanner, say) revokes them at once, without signing in.
/// Values that are not live tokens are ignored, and the caller is never told which were: the answer is the same.
/// </summary>
public sealed record RevokeExposedCredentials(IReadOnlyList<string?>? Credentials, string? ClientAddress) : ICommand<int>
{
    public const int MaxCredentials = 1000;
    public const int MaxCredentialLength = 1000;

    // The values may be live tokens: they must never reach a log line through a record's generated ToString.
    public override string ToString() => $"RevokeExposedCredentials {{ Count = {Credentials?.Count} }}";
}

internal sealed class RevokeExposedCredentialsHandler(IApiTokenRepository tokens, ICredentialRevocations revocations, TimeProvider clock)
    : ICommandHandler<RevokeExposedCredentials, int>
{
    public async ValueTask<int> Handle(RevokeExposedCredentials command, CancellationToken cancellationToken)
    {
        // Shape and checksum first, as on the validation path: junk costs no hash and no query.
        var hashes = command.Credentials!
            .Where(c => c is not null && ApiTokenFormat.Check(c) == ApiTokenShape.WellFormed)
            .Distinct(StringComparer.Ordinal)
            .Select(c => ApiTokenFormat.Hash(c))
            .ToList();
        if (hashes.Count == 0) return 0;

        var audit = AuditEntry.Create(AuditEvents.TokenRevokedAsExposed, clock.GetUtcNow(), actorUserId: null, command.ClientAddress);
        var revoked = await tokens.DeleteByHashesAsync(hashes, audit, cancellationToken);
        if (revoked.Count > 0) await revocations.TokensRevokedAsync(revoked.Select(t => t.Id).ToList(), cancellationToken);
        return revoked.Count;
    }
}
