using EssalOffice.Application.ApiTokens.ValidateToken;

namespace EssalOffice.WebApi.Authentication;

/// <summary>Why a request is not authenticated, in words the caller can act on. Never includes the credential.</summary>
public static class AuthenticationFailure
{
    private static readonly object ItemKey = new();

    public const string NotAuthenticated = "Authentication required: send 'Authorization: Token <token>' or sign in.";

    public static string Title(HeaderProblem problem) => problem switch
    {
        HeaderProblem.Empty => "The Authorization header is empty: send 'Authorization: Token <token>'.",
        HeaderProblem.OtherScheme => "Unsupported authorization scheme: send 'Authorization: Token <token>'.",
        HeaderProblem.MissingCredential => "The Authorization header has no token after the scheme.",
        HeaderProblem.SeveralCredentials => "The Authorization header must carry exactly one token.",
        HeaderProblem.InvalidCharacters => "The token contains characters that no token can contain.",
        _ => NotAuthenticated,
    };

    public static string Title(TokenRejection rejection) => rejection switch
    {
        TokenRejection.InvalidCharacters => "The token contains characters that no token can contain.",
        TokenRejection.WrongShape => "This is not an Essal Office token: it must be 'essal_' followed by 38 letters and digits.",
        TokenRejection.WrongChecksum => "The token's checksum is wrong: it was mistyped or truncated.",
        TokenRejection.Unknown => "The token is not valid: it does not exist or it was deleted or revoked.",
        TokenRejection.Expired => "The token has expired.",
        TokenRejection.UserInactive => "The token's user is deactivated.",
        _ => NotAuthenticated,
    };

    public const string SeveralHeaders = "Send exactly one Authorization header.";

    public static void Remember(HttpContext context, string title) => context.Items[ItemKey] = title;

    public static string For(HttpContext context) => context.Items[ItemKey] as string ?? NotAuthenticated;
}
