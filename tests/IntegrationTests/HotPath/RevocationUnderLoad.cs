using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using EssalOffice.IntegrationTests.Fixtures;

namespace EssalOffice.IntegrationTests.HotPath;

/// <summary>
/// Keeps several clients calling with one credential while a change takes its rights away, and reports every
/// request that was sent after the change's response arrived and still succeeded. There must be none.
/// </summary>
public static class RevocationUnderLoad
{
    public sealed record Outcome(int RequestsBefore, int RequestsAfter, IReadOnlyList<HttpStatusCode> SucceededAfter, IReadOnlyCollection<HttpStatusCode> Statuses);

    public static async Task<Outcome> RunAsync(Func<HttpClient> newClient, string path, Func<Task> revoke, int workers = 4)
    {
        var calls = new ConcurrentBag<(long SentAt, HttpStatusCode Status)>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            using var client = newClient();
            while (!stop.IsCancellationRequested)
            {
                var sentAt = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path);
                calls.Add((sentAt, response.StatusCode));
            }
        })).ToList();

        await HotPathProbes.WaitUntilAsync(() => calls.Count >= 200 || load.Any(t => t.IsCompleted), "the load to get going");
        await revoke();
        var revokedAt = Stopwatch.GetTimestamp(); // the change's response has arrived
        var afterwards = calls.Count;
        await HotPathProbes.WaitUntilAsync(() => calls.Count >= afterwards + 400 || load.Any(t => t.IsCompleted), "more requests after the change");
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var after = calls.Where(c => c.SentAt > revokedAt).ToList();
        return new Outcome(
            calls.Count(c => c.SentAt <= revokedAt),
            after.Count,
            after.Where(c => (int)c.Status is >= 200 and < 300).Select(c => c.Status).ToList(),
            calls.Select(c => c.Status).ToList());
    }
}
