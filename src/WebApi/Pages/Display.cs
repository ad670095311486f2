using System.Globalization;

namespace EssalOffice.WebApi.Pages;

/// <summary>How the pages write instants: UTC, to the minute, the same for every reader.</summary>
public static class Display
{
    public static string When(DateTimeOffset? instant, string none) =>
        instant is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : none;

    public static string Iso(DateTimeOffset? instant) =>
        instant?.UtcDateTime.ToString("o", CultureInfo.InvariantCulture) ?? "";
}
