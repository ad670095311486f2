using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace EssalOffice.Application;

/// <summary>An opaque keyset-paging position: the (created at, id) of the last item of a page.</summary>
public sealed record PageCursor(DateTimeOffset CreatedAt, Guid Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
            $"{CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{Id:N}"));

    public static bool TryDecode(string? value, out PageCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(value)) return true;
        if (value.Length > 100 || !Base64Url.IsValid(value)) return false;
        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(value));
        var parts = text.Split('.');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !Guid.TryParseExact(parts[1], "N", out var id))
            return false;
        cursor = new PageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Builds a page from a query that fetched one row more than asked, to know whether there is a next page.</summary>
    public static Page<TOut> From<TIn, TOut>(IReadOnlyList<TIn> rows, int limit, Func<TIn, PageCursor> cursorOf, Func<TIn, TOut> map)
    {
        var hasMore = rows.Count > limit;
        var items = rows.Take(limit).ToList();
        var next = hasMore ? cursorOf(items[^1]).Encode() : null;
        return new Page<TOut>(items.Select(map).ToList(), next);
    }
}
