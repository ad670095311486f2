namespace EssalOffice.MicroBenchmarks;

/// <summary>
/// Managed memory that the validation cache holds per token (GC.GetTotalMemory after a full collection, before
/// and after filling it): what the web app's RSS grows by when many tokens are in use, GC headroom aside.
/// </summary>
public static class CacheFootprint
{
    public static void Print(int tokens)
    {
        var metrics = FilledCache.Metrics();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cache = FilledCache.NewListening(Math.Max(tokens * 2, 100), metrics);
        for (var i = 0; i < tokens; i++) FilledCache.Store(cache, FilledCache.Entry(i));
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"validation cache: {cache.Count:N0} tokens hold {(after - before) / 1048576.0:F1} MB of managed memory, {(after - before) / (double)tokens:F0} bytes per token");
        GC.KeepAlive(cache);
    }
}
