using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using Mediator;

namespace EssalOffice.Application.ApiTokens.ValidateToken;

/// <summary>
/// Checks a credential taken from an <c>Authorization</c> header. Bad input is an answer, never an exception;
/// only an unreachable database throws (and becomes 503, not 401).
/// </summary>
public sealed record ValidateToken(string Credential) : IQuery<TokenValidationResult>;

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

public sealed record TokenValidationResult(TokenRejection Rejection, TokenCredentials? Credentials)
{
    public bool Succeeded => Rejection == TokenRejection.None;
    public static TokenValidationResult Rejected(TokenRejection why) => new(why, null);
}

internal sealed class ValidateTokenHandler(IApiTokenRepository tokens, TimeProvider clock)
    : IQueryHandler<ValidateToken, TokenValidationResult>
{
    private static readonly TokenValidationResult InvalidCharacters = TokenValidationResult.Rejected(TokenRejection.InvalidCharacters);
    private static readonly TokenValidationResult WrongShape = TokenValidationResult.Rejected(TokenRejection.WrongShape);
    private static readonly TokenValidationResult WrongChecksum = TokenValidationResult.Rejected(TokenRejection.WrongChecksum);
    private static readonly TokenValidationResult Unknown = TokenValidationResult.Rejected(TokenRejection.Unknown);
    private static readonly TokenValidationResult Expired = TokenValidationResult.Rejected(TokenRejection.Expired);
    private static readonly TokenValidationResult UserInactive = TokenValidationResult.Rejected(TokenRejection.UserInactive);

    public async ValueTask<TokenValidationResult> Handle(ValidateToken query, CancellationToken cancellationToken)
    {
        // Shape and checksum first: junk never costs a hash or a database round trip.
        switch (ApiTokenFormat.Check(query.Credential))
        {
            case ApiTokenShape.InvalidCharacters: return InvalidCharacters;
            case ApiTokenShape.WrongShape: return WrongShape;
            case ApiTokenShape.WrongChecksum: return WrongChecksum;
        }

        var credentials = await tokens.FindCredentialsAsync(ApiTokenFormat.Hash(query.Credential), cancellationToken);
        if (credentials is null) return Unknown;
        if (credentials.ExpiresAt is { } expiry && expiry <= clock.GetUtcNow()) return Expired;
        if (!credentials.IsActive) return UserInactive;
        return new TokenValidationResult(TokenRejection.None, credentials);
    }
}
