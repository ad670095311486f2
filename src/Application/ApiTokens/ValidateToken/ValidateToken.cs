using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using Mediator;

namespace EssalOffice.Application.ApiTokens.ValidateToken;

/// <summary>
/// Checks a credential taken from an <c>Authorization</c> header. Bad input is an answer, never an exception;
/// only an unreachable database throws (and becomes 503, not 401). A value holding a slice of the header, so that
/// validating a request allocates nothing on a cache hit.
/// </summary>
public readonly record struct ValidateToken(ReadOnlyMemory<char> Credential) : IQuery<TokenValidationResult>
{
    public ValidateToken(string credential) : this(credential.AsMemory()) { }
}

public enum TokenRejection
{
    None,
    InvalidCharacters,
    WrongShape,
    WrongChecksum,
    Unknown,
    Expired,
    UserInactive,
}

/// <summary>A value, so that answering a request from the cache allocates nothing.</summary>
public readonly record struct TokenValidationResult(TokenRejection Rejection, TokenCredentials? Credentials)
{
    public bool Succeeded => Rejection == TokenRejection.None;
    public static TokenValidationResult Rejected(TokenRejection why) => new(why, null);
}

/// <summary>
/// The hot path: shape and checksum (no I/O), SHA-256, the cache, and only on a miss the one indexed query.
/// Expiry and the user's state are checked on every request, cached or not.
/// </summary>
internal sealed class ValidateTokenHandler(IApiTokenRepository tokens, ICredentialsCache cache, ILastUsedRecorder lastUsed, TimeProvider clock)
    : IQueryHandler<ValidateToken, TokenValidationResult>
{
    private static readonly TokenValidationResult InvalidCharacters = TokenValidationResult.Rejected(TokenRejection.InvalidCharacters);
    private static readonly TokenValidationResult WrongShape = TokenValidationResult.Rejected(TokenRejection.WrongShape);
    private static readonly TokenValidationResult WrongChecksum = TokenValidationResult.Rejected(TokenRejection.WrongChecksum);
    private static readonly TokenValidationResult Unknown = TokenValidationResult.Rejected(TokenRejection.Unknown);
    private static readonly TokenValidationResult Expired = TokenValidationResult.Rejected(TokenRejection.Expired);
    private static readonly TokenValidationResult UserInactive = TokenValidationResult.Rejected(TokenRejection.UserInactive);

    public ValueTask<TokenValidationResult> Handle(ValidateToken query, CancellationToken cancellationToken)
    {
        // Shape and checksum first: junk never costs a hash, a cache entry or a database round trip.
        switch (ApiTokenFormat.Check(query.Credential.Span))
        {
            case ApiTokenShape.InvalidCharacters: return ValueTask.FromResult(InvalidCharacters);
            case ApiTokenShape.WrongShape: return ValueTask.FromResult(WrongShape);
            case ApiTokenShape.WrongChecksum: return ValueTask.FromResult(WrongChecksum);
        }

        var hash = TokenHash.Of(query.Credential.Span);
        return cache.TryGet(hash, out var cached)
            ? ValueTask.FromResult(Decide(cached))
            : LookUpAsync(hash, cancellationToken);
    }

    private async ValueTask<TokenValidationResult> LookUpAsync(TokenHash hash, CancellationToken cancellationToken)
    {
        var lookup = cache.BeginLookup();
        var credentials = await tokens.FindCredentialsAsync(hash.ToArray(), cancellationToken);
        // Unknown values are not remembered: anyone can make up well-formed ones, and they must not push out real tokens.
        if (credentials is null) return Unknown;
        cache.Remember(hash, credentials, lookup);
        return Decide(credentials);
    }

    private TokenValidationResult Decide(TokenCredentials credentials)
    {
        var now = clock.GetUtcNow();
        if (credentials.ExpiresAt is { } expiry && expiry <= now) return Expired;
        if (!credentials.IsActive) return UserInactive;
        lastUsed.Record(credentials.TokenId, now);
        return new TokenValidationResult(TokenRejection.None, credentials);
    }
}
