using System.Diagnostics;
using System.Net;

namespace EssalOffice.Bench;

/// <summary>
/// Two instances on one database. Per trial: a new token (through A) is used on B until B has answered 200 twice
/// (so a cache on B holds it), then deleted through A with the token itself; from the moment A's 204 arrives, B is
/// polled back to back on one persistent connection until it answers 401. Measured: that time (it includes the round
/// trip of the answering request), the 200s B gave after A's 204, and, in parallel, whether A itself ever accepted
/// the token again after its own 204 (it must not).
/// </summary>
public static class Propagation
{
    private const double TargetP99Ms = 100, TargetMaxMs = 1000;

    public static async Task<int> RunAsync(Options options)
    {
        var trials = options.Int("trials", 200);
        var timeout = TimeSpan.FromMilliseconds(options.Int("timeout-ms", 5000));
        var username = options.Get("admin-username") ?? "admin";
        var password = options.Get("admin-password")
                       ?? (options.Get("admin-password-file") is { } file ? File.ReadAllText(file).Trim() : null)
                       ?? throw new UsageException("--admin-password or --admin-password-file is required");
        var results = new Results(options.Get("results"));

        using var a = Http.Client(options.Required("a"), 2);
        using var b = Http.Client(options.Required("b"), 1); // one persistent connection to B
        var master = await Http.IssueAsync(a, username, password, "bench propagation");

        var elapsedMs = new List<double>(trials);
        int staleOnB = 0, trialsWithStale = 0, maxStaleInTrial = 0, acceptedByAAfter = 0, timeouts = 0, errors = 0, otherOnB = 0;
        try
        {
            for (var trial = 1; trial <= trials; trial++)
            {
                var token = await Http.CreateOwnTokenAsync(a, master.Token, $"propagation {trial}");
                var okOnB = 0;
                for (var i = 0; i < 100 && okOnB < 2; i++)
                {
                    if (await Http.StatusAsync(b, Http.Get("/api/ping", token.Token)) == HttpStatusCode.OK) okOnB++;
                }
                using var delete = new HttpRequestMessage(HttpMethod.Delete, $"api/profile/tokens/{token.Id}");
                delete.Headers.Authorization = new("Token", token.Token);
                var deleted = await Http.StatusAsync(a, delete);
                var since = Stopwatch.GetTimestamp(); // A's 204 has arrived
                if (okOnB < 2 || deleted != HttpStatusCode.NoContent)
                {
                    errors++;
                    Console.Error.WriteLine($"trial {trial}: B answered 200 {okOnB} times before the delete, A's delete answered {(int)deleted}");
                    continue;
                }

                // A, in parallel with the polling of B: the deleting instance must refuse the token from now on.
                var onA = Task.Run(async () =>
                {
                    var accepted = 0;
                    for (var i = 0; i < 3; i++)
                    {
                        if (await Http.StatusAsync(a, Http.Get("/api/ping", token.Token)) == HttpStatusCode.OK) accepted++;
                    }
                    return accepted;
                });

                var stale = 0;
                double? refusedAfterMs = null;
                while (true)
                {
                    var status = await Http.StatusAsync(b, Http.Get("/api/ping", token.Token));
                    var ms = Stopwatch.GetElapsedTime(since).TotalMilliseconds;
                    if (status == HttpStatusCode.Unauthorized) { refusedAfterMs = ms; break; }
                    if (status == HttpStatusCode.OK) stale++;
                    else otherOnB++;
                    if (ms > timeout.TotalMilliseconds) break;
                }
                acceptedByAAfter += await onA;
                staleOnB += stale;
                if (stale > 0) trialsWithStale++;
                maxStaleInTrial = Math.Max(maxStaleInTrial, stale);
                if (refusedAfterMs is { } value) elapsedMs.Add(value);
                else
                {
                    timeouts++;
                    elapsedMs.Add(timeout.TotalMilliseconds); // counted at the timeout: the max then fails the target
                }
            }
        }
        finally
        {
            using var cleanup = new HttpRequestMessage(HttpMethod.Delete, $"api/profile/tokens/{master.Id}");
            cleanup.Headers.Authorization = new("Token", master.Token);
            await Http.StatusAsync(a, cleanup);
        }

        elapsedMs.Sort();
        var p50 = Percentile(elapsedMs, 50);
        var p99 = Percentile(elapsedMs, 99);
        var max = elapsedMs.Count == 0 ? double.NaN : elapsedMs[^1];
        var measured = elapsedMs.Count;
        var pass = measured == trials && errors == 0 && timeouts == 0 && otherOnB == 0 && acceptedByAAfter == 0
                   && p99 < TargetP99Ms && max < TargetMaxMs;

        Console.WriteLine($"propagation over {measured} of {trials} trials: B refused the deleted token {p50:0.00} ms (p50), " +
                          $"{p99:0.00} ms (p99), {max:0.00} ms (max) after A's 204");
        Console.WriteLine($"  B answered 200 after A's 204: {staleOnB} times in total, in {trialsWithStale} trials (at most {maxStaleInTrial} in one)");
        Console.WriteLine($"  A answered 200 after its own 204: {acceptedByAAfter} (must be 0); B answered neither 200 nor 401: {otherOnB}; " +
                          $"timeouts ({timeout.TotalMilliseconds:0} ms): {timeouts}; failed trials: {errors}");
        Console.WriteLine($"  targets p99 < {TargetP99Ms:0} ms, max < {TargetMaxMs:0} ms, A after its 204 = 0: {(pass ? "PASS" : "FAIL")}");

        results.Add("prop.trials", trials);
        results.Add("prop.measured", measured);
        results.Add("prop.p50_ms", p50);
        results.Add("prop.p99_ms", p99);
        results.Add("prop.max_ms", max);
        results.Add("prop.stale_on_b", staleOnB);
        results.Add("prop.trials_with_stale", trialsWithStale);
        results.Add("prop.max_stale_in_trial", maxStaleInTrial);
        results.Add("prop.a_after_204_ok", acceptedByAAfter);
        results.Add("prop.other_on_b", otherOnB);
        results.Add("prop.timeouts", timeouts);
        results.Add("prop.errors", errors);
        return pass ? 0 : 1;
    }

    /// <summary>Nearest-rank percentile of a sorted list.</summary>
    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
