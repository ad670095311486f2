namespace EssalOffice.Domain;

public static class Time
{
    /// <summary>PostgreSQL keeps microseconds: truncating first makes what we answer equal to what we store.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        value.AddTicks(-(value.Ticks % TimeSpan.TicksPerMicrosecond));
}
