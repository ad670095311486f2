using EssalOffice.WebApi.Operations;

namespace EssalOffice.UnitTests.WebApi;

public sealed class SafeLogTextTests
{
    private const string Token = "essal_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL";
    private const string Secret = "0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL"; // the token without its prefix

    [Theory]
    [InlineData("/")]
    [InlineData("/api/profile")]
    [InlineData("/api/profile/tokens/3f2504e0-4f89-41d3-9a0c-0305e82c3301/rotate")]
    [InlineData("/api/admin/users/3F2504E0-4F89-41D3-9A0C-0305E82C3301/tokens")]
    [InlineData("/css/site.css")]
    [InlineData("/js/site.js")]
    [InlineData("/profile/api-token")]
    [InlineData("/api/kept_0123456789abcdefghijklmnopqrstu")] // 31 in a row
    [InlineData("GET")]
    public void Of_AnOrdinaryPathOrMethod_IsUnchanged_AndNotCopied(string value) =>
        Assert.Same(value, SafeLogText.Of(value));

    [Theory]
    [InlineData("/api/profile/" + Token, "/api/profile/essal_***")]
    [InlineData("/api/Essal_" + Secret, "/api/Essal_***")]
    [InlineData("/api/ESSAL_" + Secret + "/x", "/api/ESSAL_***/x")]
    [InlineData("/api/eSsAl_short", "/api/eSsAl_***")]
    [InlineData("/api/" + Secret, "/api/***")]
    [InlineData("/api/x" + Secret + "y", "/api/***")]
    [InlineData("/api/0123456789abcdef0123456789abcdef", "/api/***")] // 32 in a row: a GUID without hyphens is masked too
    [InlineData("/api/" + Token + "/" + Token, "/api/essal_***/essal_***")]
    [InlineData(Token, "essal_***")] // a token sent as the method
    public void Of_SomethingTokenLike_IsMasked(string value, string expected) =>
        Assert.Equal(expected, SafeLogText.Of(value));

    [Theory]
    [InlineData("/api/x\r\ninfo: Fake.Logger[1]\n", @"/api/x\r\ninfo: Fake.Logger[1]\n")]
    [InlineData("/a\tb", @"/a\tb")]
    [InlineData("/a\0b\u0007c\u001bd\u007fe", @"/a\u0000b\u0007c\u001bd\u007fe")]
    [InlineData("/a\u0085b\u009bc", @"/a\u0085b\u009bc")] // C1 controls: NEL, CSI
    [InlineData("/a\u2028b\u2029c", @"/a\u2028b\u2029c")] // line and paragraph separators
    [InlineData("/a\u202eb\u200bc\ufeffd", @"/a\u202eb\u200bc\ufeffd")] // a bidirectional override and invisible characters
    [InlineData(@"/a\nb", @"/a\\nb")] // a literal backslash, so that the escaped forms stay unambiguous
    [InlineData("/api/\n" + Token, @"/api/\nessal_***")]
    public void Of_ControlCharacters_AreEscaped(string value, string expected)
    {
        var logged = SafeLogText.Of(value);
        Assert.Equal(expected, logged);
        Assert.DoesNotContain(logged, c => char.IsControl(c));
    }

    [Fact]
    public void Of_LettersOutsideAscii_AreKept() => // a surrogate pair among them
        Assert.Equal("/api/caf\u00e9/\u65e5\u672c/\U0001F600", SafeLogText.Of("/api/caf\u00e9/\u65e5\u672c/\U0001F600"));

    [Fact]
    public void Of_ALoneSurrogate_IsEscaped() => // not as InlineData: the test runner's serialization would replace it
        Assert.Equal(@"/a\ud800b", SafeLogText.Of("/a" + (char)0xD800 + "b"));
}
