using System.Security.Cryptography;
using System.Text;
using EssalOffice.Domain.ApiTokens;

namespace EssalOffice.UnitTests.Domain;

public sealed class ApiTokenFormatTests
{
    // Independent vectors: computed with Python's zlib.crc32 and base62 (0-9A-Za-z), most significant digit first.
    [Theory]
    [InlineData("essal_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL")]
    [InlineData("essal_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz4W8LJS")]
    public void Check_OfKnownGoodToken_IsWellFormed(string token) =>
        Assert.Equal(ApiTokenShape.WellFormed, ApiTokenFormat.Check(token));

    [Fact]
    public void Generate_MakesDistinctWellFormedTokensOf44Characters()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => ApiTokenFormat.Generate()).ToList();
        Assert.All(tokens, t =>
        {
            Assert.Equal(44, t.Length);
            Assert.StartsWith("essal_", t);
            Assert.Matches("^essal_[0-9A-Za-z]{38}$", t);
            Assert.Equal(ApiTokenShape.WellFormed, ApiTokenFormat.Check(t));
        });
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public void Generate_UsesTheWholeAlphabet()
    {
        var seen = string.Concat(Enumerable.Range(0, 200).Select(_ => ApiTokenFormat.Generate()[6..38])).Distinct().Count();
        Assert.Equal(62, seen);
    }

    [Fact]
    public void Check_AfterAnySingleCharacterChange_FailsTheChecksum()
    {
        var token = ApiTokenFormat.Generate();
        for (var i = 6; i < token.Length; i++)
        {
            var changed = token.ToCharArray();
            changed[i] = changed[i] == 'a' ? 'b' : 'a';
            Assert.Equal(ApiTokenShape.WrongChecksum, ApiTokenFormat.Check(new string(changed)));
        }
    }

    [Theory]
    [InlineData("", ApiTokenShape.WrongShape)]
    [InlineData("essal_", ApiTokenShape.WrongShape)]
    [InlineData("essal_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZd", ApiTokenShape.WrongShape)]
    [InlineData("essal_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdLx", ApiTokenShape.WrongShape)]
    [InlineData("ESSAL_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL", ApiTokenShape.WrongShape)]
    [InlineData("essal_0123456789ABCDEFGHIJKLMNOPQRST_V1ggZdL", ApiTokenShape.WrongShape)]
    [InlineData("essal-0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL", ApiTokenShape.InvalidCharacters)]
    [InlineData("essal_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZd\u00e9", ApiTokenShape.InvalidCharacters)]
    [InlineData("essal_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdM", ApiTokenShape.WrongChecksum)]
    public void Check_OfMalformedValue_SaysWhatIsWrong(string value, ApiTokenShape expected) =>
        Assert.Equal(expected, ApiTokenFormat.Check(value));

    [Fact]
    public void Hint_IsTheFirstTenCharactersAndAnEllipsis() =>
        Assert.Equal("essal_0123…", ApiTokenFormat.Hint("essal_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL"));

    [Fact]
    public void Hash_IsSha256OfTheAsciiToken()
    {
        const string token = "essal_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL";
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(token)), ApiTokenFormat.Hash(token));
    }

    [Fact]
    public void Issue_StoresHashAndHintButNeverTheSecret()
    {
        var secret = ApiTokenFormat.Generate();
        var token = ApiToken.Issue(Guid.NewGuid(), secret, "  scanner  ", DateTimeOffset.UtcNow, null);
        Assert.Equal("scanner", token.Name);
        Assert.Equal(secret[..10] + "…", token.Hint);
        Assert.Equal(ApiTokenFormat.Hash(secret), token.Hash);
        Assert.DoesNotContain(secret, token.ToString());
        Assert.DoesNotContain(secret[10..], token.ToString());
    }

    [Fact]
    public void Issue_WithExpiryInThePast_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ApiToken.Issue(Guid.NewGuid(), ApiTokenFormat.Generate(), null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddSeconds(-1)));

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("Office scanner", true)]
    [InlineData("tab\tinside", false)]
    [InlineData("newline\n", false)]
    public void IsValidName_RefusesControlCharacters(string? name, bool valid) =>
        Assert.Equal(valid, ApiToken.IsValidName(name));

    [Fact]
    public void IsValidName_RefusesMoreThan100Characters()
    {
        Assert.True(ApiToken.IsValidName(new string('n', 100)));
        Assert.False(ApiToken.IsValidName(new string('n', 101)));
    }
}
