using EssalOffice.WebApi.Authentication;

namespace EssalOffice.UnitTests.WebApi;

public sealed class AuthorizationHeaderParserTests
{
    private const string Token = "essal_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL";

    [Theory]
    [InlineData("Token " + Token)]
    [InlineData("token " + Token)]
    [InlineData("TOKEN " + Token)]
    [InlineData("Bearer " + Token)]
    [InlineData("bEaReR " + Token)]
    [InlineData("Token     " + Token)]
    [InlineData("Token " + Token + "  ")]
    public void Parse_OfOneCredentialAfterOurScheme_ReturnsIt(string header)
    {
        var result = AuthorizationHeaderParser.Parse(header);
        Assert.Equal(HeaderProblem.None, result.Problem);
        Assert.Equal(Token, result.Credential);
    }

    [Theory]
    [InlineData(null, HeaderProblem.Empty)]
    [InlineData("", HeaderProblem.Empty)]
    [InlineData("   ", HeaderProblem.Empty)]
    [InlineData("Basic dXNlcjpwYXNz", HeaderProblem.OtherScheme)]
    [InlineData("Tokens " + Token, HeaderProblem.OtherScheme)]
    [InlineData("Token\t" + Token, HeaderProblem.OtherScheme)]
    [InlineData(Token, HeaderProblem.OtherScheme)]
    [InlineData("Token", HeaderProblem.MissingCredential)]
    [InlineData("Token   ", HeaderProblem.MissingCredential)]
    [InlineData("Token " + Token + " " + Token, HeaderProblem.SeveralCredentials)]
    [InlineData("Token a b", HeaderProblem.SeveralCredentials)]
    [InlineData("Token " + Token + "\n", HeaderProblem.InvalidCharacters)]
    [InlineData("Token " + Token + "\r\n", HeaderProblem.InvalidCharacters)]
    [InlineData("Token essal_\u00e4\u00f6\u00fc", HeaderProblem.InvalidCharacters)]
    [InlineData("Token essal_\u0000", HeaderProblem.InvalidCharacters)]
    [InlineData("Token a\tb", HeaderProblem.InvalidCharacters)]
    public void Parse_OfBadHeader_SaysWhichProblem(string? header, HeaderProblem expected)
    {
        var result = AuthorizationHeaderParser.Parse(header);
        Assert.Equal(expected, result.Problem);
        Assert.Null(result.Credential);
    }

    [Fact]
    public void Parse_OfHugeValue_DoesNotThrow()
    {
        var result = AuthorizationHeaderParser.Parse("Token " + new string('x', 1_000_000));
        Assert.Equal(HeaderProblem.None, result.Problem); // the shape check rejects it next, without I/O
    }
}
