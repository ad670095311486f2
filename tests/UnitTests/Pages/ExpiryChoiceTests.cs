using EssalOffice.WebApi.Pages.Profile;

namespace EssalOffice.UnitTests.Pages;

public sealed class ExpiryChoiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 19, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(ExpiryChoice.Days30, 30)]
    [InlineData(ExpiryChoice.Days90, 90)]
    [InlineData(ExpiryChoice.Year, 365)]
    public void TryResolve_APreset_ExpiresThatLongFromNow(string choice, int days)
    {
        Assert.True(ExpiryChoice.TryResolve(choice, null, Now, out var expiresAt, out _));
        Assert.Equal(Now.AddDays(days), expiresAt);
    }

    [Fact]
    public void TryResolve_Never_HasNoExpiry()
    {
        Assert.True(ExpiryChoice.TryResolve(ExpiryChoice.Never, new DateOnly(2030, 1, 1), Now, out var expiresAt, out _));
        Assert.Null(expiresAt);
    }

    [Fact]
    public void TryResolve_ACustomDate_ExpiresAtTheEndOfThatDayUtc()
    {
        Assert.True(ExpiryChoice.TryResolve(ExpiryChoice.Custom, new DateOnly(2027, 3, 14), Now, out var expiresAt, out _));
        Assert.Equal(new DateTimeOffset(2027, 3, 15, 0, 0, 0, TimeSpan.Zero), expiresAt);
    }

    [Fact]
    public void TryResolve_TodayAsCustomDate_IsStillInTheFuture()
    {
        Assert.True(ExpiryChoice.TryResolve(ExpiryChoice.Custom, DateOnly.FromDateTime(Now.UtcDateTime), Now, out _, out _));
    }

    [Theory]
    [InlineData(ExpiryChoice.Custom, null, "Choose the date")]
    [InlineData(ExpiryChoice.Custom, "2026-12-02", "in the future")]
    [InlineData("forever", null, "one of the expiry options")]
    public void TryResolve_AnUnusableChoice_SaysWhy(string choice, string? date, string because)
    {
        var customDate = date is null ? (DateOnly?)null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(ExpiryChoice.TryResolve(choice, customDate, Now, out _, out var problem));
        Assert.Contains(because, problem);
    }
}
