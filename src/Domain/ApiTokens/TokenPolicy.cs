namespace EssalOffice.Domain.ApiTokens;

public static class TokenPolicy
{
    /// <summary>How many tokens one user may hold at once: enough for one per integration, bounded so lists stay small.</summary>
    public const int MaxTokensPerUser = 50;
}
