namespace EssalOffice.WebApi.Authentication;

/// <summary>
/// Splits an <c>Authorization</c> value into scheme and credential as DESIGN.md says: the scheme word
/// <c>Token</c> (or <c>Bearer</c>) in any letter case, one or more spaces, exactly one credential.
/// </summary>
public static class AuthorizationHeaderParser
{
    public static HeaderParseResult Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return new(HeaderProblem.Empty, default);
        var span = value.AsSpan();
        var schemeEnd = span.IndexOf(' ');
        var scheme = schemeEnd < 0 ? span : span[..schemeEnd];
        if (!scheme.Equals(TokenAuthenticationDefaults.SchemeWord, StringComparison.OrdinalIgnoreCase)
            && !scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return new(HeaderProblem.OtherScheme, default);

        var rest = schemeEnd < 0 ? [] : span[schemeEnd..].TrimStart(' ');
        if (rest.IsEmpty) return new(HeaderProblem.MissingCredential, default);
        foreach (var c in rest)
        {
            // Anything but printable ASCII (tabs, newlines, other control characters, non-ASCII) is malformed.
            if (c is < '!' and not ' ' or > '~') return new(HeaderProblem.InvalidCharacters, default);
        }
        var credentialEnd = rest.IndexOf(' ');
        if (credentialEnd >= 0 && !rest[credentialEnd..].Trim(' ').IsEmpty) return new(HeaderProblem.SeveralCredentials, default);
        var credentialLength = credentialEnd < 0 ? rest.Length : credentialEnd;
        var credentialStart = value.Length - rest.Length;
        return new(HeaderProblem.None, value.AsMemory(credentialStart, credentialLength));
    }
}

/// <summary>The credential is a slice of the header value: nothing is copied.</summary>
public readonly record struct HeaderParseResult(HeaderProblem Problem, ReadOnlyMemory<char> CredentialValue)
{
    public string? Credential => Problem == HeaderProblem.None ? CredentialValue.ToString() : null;
}

public enum HeaderProblem
{
    None,
    Empty,
    OtherScheme,
    MissingCredential,
    SeveralCredentials,
    InvalidCharacters,
}
