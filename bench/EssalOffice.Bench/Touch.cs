using System.Collections.Concurrent;
using System.Diagnostics;

namespace EssalOffice.Bench;

/// <summary>
/// Uses every token of a file exactly once (GET /api/ping), so that afterwards each one has been validated and,
/// with a validation cache, each principal is cached. Counts the answers: every one must be 200.
/// </summary>
public static class Touch
{
    public static async Task<int> RunAsync(Options options)
    {
        var concurrency = options.Int("concurrency", 32);
        var path = options.Get("path") ?? "/api/ping";
        var prefix = options.Get("prefix") ?? "touch";
        var results = new Results(options.Get("results"));
        var tokens = File.ReadAllLines(options.Required("tokens")).Where(t => t.Length > 0).ToArray();
        using var client = Http.Client(options.Required("url"), concurrency);
        var statuses = new ConcurrentDictionary<int, int>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (token, cancellationToken) =>
        {
            try
            {
                var status = (int)await Http.StatusAsync(client, Http.Get(path, token), cancellationToken);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failures);
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        var ok = statuses.GetValueOrDefault(200);
        Console.WriteLine($"used {tokens.Length:N0} tokens once each in {seconds:0.0} s ({tokens.Length / seconds:N0} req/s): " +
                          string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value:N0}")) +
                          (failures > 0 ? $", connection failures: {failures:N0}" : ""));
        results.Add($"{prefix}.tokens", tokens.Length);
        results.Add($"{prefix}.ok", ok);
        results.Add($"{prefix}.other", tokens.Length - ok);
        results.Add($"{prefix}.seconds", seconds);
        return 0;
    }
}
