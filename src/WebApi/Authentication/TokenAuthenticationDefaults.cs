namespace EssalOffice.WebApi.Authentication;

public static class TokenAuthenticationDefaults
{
    public const string AuthenticationScheme = "Token";
    public const string SchemeWord = "Token";
    public const string CookieScheme = "Cookies";
    public const string PolicyScheme = "TokenOrCookie";
    public const string AdminRole = "admin";
    public const string AdminPolicy = "Admin";
    public const string TokenIdClaim = "essal:token_id";
}
