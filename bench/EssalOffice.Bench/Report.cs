using System.Globalization;
using System.Text;

namespace EssalOffice.Bench;

/// <summary>
/// Turns the key=value results of one run into the table: one line per scenario with its status breakdown, then the
/// issue's targets with PASS/FAIL. A scenario whose answers were not all the expected status (or that had socket
/// errors, or no requests at all) is marked UNEXPECTED, and every ratio built on it is INVALID rather than a PASS.
/// Exit code: 0, or 2 when a scenario is UNEXPECTED; with BENCH_STRICT=1 also 1 when a target fails.
/// </summary>
public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(Options options)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(options.Required("results")))
        {
            var at = line.IndexOf('=');
            if (at > 0) values[line[..at]] = line[(at + 1)..];
        }
        var report = new Report.Builder(values);
        var text = report.Build();
        File.WriteAllText(options.Required("out"), text);
        Console.Write(text);
        if (report.Unexpected) return 2;
        if (report.Failed && Environment.GetEnvironmentVariable("BENCH_STRICT") == "1") return 1;
        return 0;
    }

    private sealed class Builder(Dictionary<string, string> values)
    {
        private readonly StringBuilder _out = new();
        public bool Unexpected { get; private set; }
        public bool Failed { get; private set; }

        private string? S(string key) => values.GetValueOrDefault(key);

        private double D(string key) =>
            double.TryParse(S(key), NumberStyles.Float, Inv, out var v) ? v : double.NaN;

        public string Build()
        {
            Header();
            Scenarios();
            Memory();
            Propagation();
            Targets();
            Notes();
            return _out.ToString();
        }

        private void Line(string text = "") => _out.Append(text).Append('\n');

        private void Header()
        {
            Line("Essal Office hot-path benchmark (issue 4) - one run, ratios measured in the same run");
            Line();
            void Meta(string name, string? value) { if (value is not null) Line($"  {name,-10} {value}"); }
            Meta("date", S("meta.date"));
            Meta("machine", $"{S("meta.nproc")} cores, {S("meta.cpu")}, {S("meta.memory")} RAM, {S("meta.os")}");
            Meta("commit", S("meta.commit"));
            Meta("load", $"wrk -t{S("meta.threads")} -c{S("meta.connections")} -d{S("meta.duration")}s for every scenario, " +
                         $"each after a {S("meta.warmup")}s warm-up run ({S("meta.first_warmup")}s for the first run on a fresh app: a, d); pgbench -c{S("meta.connections")} -j{S("meta.threads")} -T{S("meta.duration")}");
            Meta("app", S("meta.app"));
            Meta("logging", S("meta.logging"));
            Meta("database", S("meta.database"));
            Meta("data", S("meta.data"));
            Line();
        }

        private sealed record Row(string Id, string Label, double Rate, string RateUnit, double P50, double P90, double P99, string Answers, bool Ok);

        private Row? Scenario(string id)
        {
            if (S($"{id}.label") is not { } label) return null;
            var isPgbench = S($"{id}.tps") is not null;
            if (isPgbench)
            {
                var tps = D($"{id}.tps");
                var tx = D($"{id}.transactions");
                var aborted = D($"{id}.aborted");
                var ok = tx > 0 && !(aborted > 0);
                var answers = $"{tx:N0} transactions" + (aborted > 0 ? $", {aborted:N0} failed" : "") + (ok ? "" : "  UNEXPECTED") + Busy(id);
                return new Row(id, label, tps, "tps", D($"{id}.p50_us") / 1000, D($"{id}.p90_us") / 1000, D($"{id}.p99_us") / 1000, answers, ok);
            }

            var expect = S($"{id}.expect") ?? "200";
            var requests = D($"{id}.requests");
            var statuses = values.Keys.Where(k => k.StartsWith($"{id}.status.", StringComparison.Ordinal))
                .Select(k => (Code: k[(id.Length + 8)..], Count: D(k))).OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
            var socketErrors = new[] { "connect", "read", "write", "timeout" }
                .Select(e => (Name: e, Count: D($"{id}.err_{e}"))).Where(e => e.Count > 0).ToList();
            var expected = statuses.Where(s => s.Code == expect).Sum(s => s.Count);
            var total = statuses.Sum(s => s.Count);
            var okRow = requests > 0 && total > 0 && expected == total && socketErrors.Count == 0;
            var parts = statuses.Select(s => $"{s.Code}: {s.Count:N0} ({100 * s.Count / total:0.##} %)").ToList();
            parts.AddRange(socketErrors.Select(e => $"socket {e.Name} errors: {e.Count:N0}"));
            if (total == 0) parts.Add("no answers");
            var text = string.Join(", ", parts) + (okRow ? $"  all {expect}" : $"  UNEXPECTED (expected all {expect})");
            if (D($"{id}.tokens") is var tokens and > 1) text += $"; {tokens:N0} tokens in rotation";
            text += Busy(id);
            return new Row(id, label, D($"{id}.rps"), "req/s", D($"{id}.p50_us") / 1000, D($"{id}.p90_us") / 1000, D($"{id}.p99_us") / 1000, text, okRow);
        }

        private readonly Dictionary<string, Row> _rows = new();
        private readonly List<string> _busy = [];
        private const double BusyPercent = 10;

        /// <summary>Other processes' share of the machine's CPU during the measurement, when it is worth a mention.</summary>
        private string Busy(string id)
        {
            var foreign = D($"{id}.foreign_cpu");
            if (double.IsNaN(foreign) || foreign < 2) return "";
            if (foreign >= BusyPercent) _busy.Add($"{id} ({foreign:0} %)");
            return $"; other processes used {foreign:0} % of the CPU{(foreign >= BusyPercent ? " (BUSY MACHINE)" : "")}";
        }

        private void Scenarios()
        {
            string[] order = ["a", "b", "c", "d", "d2", "e1", "e2", "g1", "g2", "list100k", "list1m"];
            Line($"  {"scenario",-58} {"rate",14} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8}  answers");
            foreach (var id in order)
            {
                if (Scenario(id) is not { } row) continue;
                _rows[id] = row;
                if (!row.Ok) Unexpected = true;
                var rate = double.IsNaN(row.Rate) ? "-" : $"{row.Rate.ToString("N0", Inv)} {row.RateUnit}";
                Line($"  {id + "  " + row.Label,-58} {rate,14} {Ms(row.P50),8} {Ms(row.P90),8} {Ms(row.P99),8}  {row.Answers}");
            }
            if (S("touch.tokens") is not null)
            {
                var okAll = D("touch.ok") == D("touch.tokens");
                if (!okAll) Unexpected = true;
                Line($"  f  every seeded token used once (C# loop, {S("meta.connections")} connections): {D("touch.ok"):N0} of {D("touch.tokens"):N0} answered 200 " +
                     $"in {D("touch.seconds"):0.0} s{(okAll ? "" : "  UNEXPECTED")}");
            }
            if (S("touch1m.tokens") is not null)
            {
                var okAll = D("touch1m.ok") == D("touch1m.tokens");
                if (!okAll) Unexpected = true;
                Line($"  g  before g1 on a fresh app: {D("touch1m.ok"):N0} of {D("touch1m.tokens"):N0} sampled tokens answered 200 " +
                     $"in {D("touch1m.seconds"):0.0} s{(okAll ? "" : "  UNEXPECTED")}");
            }
            Line();
        }

        private static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms.ToString(ms < 10 ? "0.00" : "0.0", Inv);
        private static string Mb(double kb) => double.IsNaN(kb) ? "-" : (kb / 1024).ToString("0.0", Inv) + " MB";

        private void Memory()
        {
            if (S("mem.idle_kb") is null) return;
            Line("  memory of the web app (RSS from /proc/<pid>/status)");
            Line($"    idle after start-up, before any token was used        {Mb(D("mem.idle_kb")),10}");
            Line($"    after scenario a (anonymous load, still no token)     {Mb(D("mem.after_anonymous_kb")),10}");
            Line($"    after all {D("touch.tokens"):N0} tokens were used once            {Mb(D("mem.after_touch_kb")),10}");
            Line($"    difference (after the tokens - idle after start-up)   {Mb(D("mem.after_touch_kb") - D("mem.idle_kb")),10}");
            Line($"    peak over the whole run of this instance (VmHWM)      {Mb(D("mem.hwm_kb")),10}");
            if (S("mem.hwm_nocache_kb") is not null) Line($"    peak of the cache-off instance (d)                    {Mb(D("mem.hwm_nocache_kb")),10}");
            if (S("mem.hwm_1m_kb") is not null) Line($"    peak of the 1,000,000-token instance (g)              {Mb(D("mem.hwm_1m_kb")),10}");
            Line();
        }

        private void Propagation()
        {
            if (S("prop.trials") is null) return;
            Line($"  propagation: two instances, one database, {S("prop.trials")} trials (token deleted through A, B polled until 401)");
            Line($"    B refused the token after A's 204: p50 {Ms(D("prop.p50_ms"))} ms, p99 {Ms(D("prop.p99_ms"))} ms, max {Ms(D("prop.max_ms"))} ms " +
                 $"({S("prop.measured")} trials measured, {S("prop.timeouts")} timeouts, {S("prop.errors")} failed trials)");
            Line($"    200s from B after A's 204: {S("prop.stale_on_b")} in total, in {S("prop.trials_with_stale")} trials (at most {S("prop.max_stale_in_trial")} in one); " +
                 $"answers other than 200/401 from B: {S("prop.other_on_b")}");
            Line($"    200s from A after its own 204: {S("prop.a_after_204_ok")}");
            Line();
        }

        private void Targets()
        {
            Line($"  {"target",-62} {"measured",12} {"target",12}  result");
            Ratio("valid-token req/s / anonymous req/s            (b / a)", "b", "a", 0.85);
            Ratio("junk-token req/s / anonymous req/s             (c / a)", "c", "a", 0.95);
            Ratio("cache-off req/s / pgbench select-only tps      (d / e1)", "d", "e1", 0.60);
            Ratio("cache-off req/s / pgbench validation-query tps (d / e2)", "d", "e2", null);
            Ratio("as d without last-used writes / pgbench -S     (d2 / e1)", "d2", "e1", null);

            if (S("mem.idle_kb") is not null)
            {
                var growth = (D("mem.after_touch_kb") - D("mem.idle_kb")) / 1024;
                var valid = D("touch.ok") == D("touch.tokens") && !double.IsNaN(growth);
                Target("memory with 100,000 cached tokens, above idle", $"{growth:+0.0;-0.0} MB", "< 150 MB", valid ? growth < 150 : null);
            }

            // "Within 10 % of the 100,000 case": not more than 10 % slower (faster is no failure of scaling).
            Ratio("1,000,000 tokens: valid req/s / 100,000 case   (g1 / b)", "g1", "b", 0.90);
            Ratio("1,000,000 tokens, all in rotation: req/s / b   (g2 / b)", "g2", "b", null);
            foreach (var (id, what) in new[] { ("list100k", "100,000"), ("list1m", "1,000,000") })
            {
                if (!_rows.TryGetValue(id, out var row)) continue;
                Target($"admin token list, first page, p50, {what} tokens", $"{Ms(row.P50)} ms", "< 20 ms", row.Ok ? row.P50 < 20 : null);
            }

            if (S("prop.trials") is not null)
            {
                var complete = D("prop.measured") == D("prop.trials") && D("prop.errors") == 0 && D("prop.other_on_b") == 0;
                Target("propagation A delete -> B refuses, p99", $"{Ms(D("prop.p99_ms"))} ms", "< 100 ms", complete ? D("prop.p99_ms") < 100 : null);
                Target("propagation A delete -> B refuses, max", $"{Ms(D("prop.max_ms"))} ms", "< 1 s", complete ? D("prop.max_ms") < 1000 : null);
                Target("A accepts the token after its own 204", S("prop.a_after_204_ok") ?? "-", "= 0", complete ? D("prop.a_after_204_ok") == 0 : null);
            }
            Line();
        }

        private void Ratio(string label, string top, string bottom, double? minimum, string? targetText = null)
        {
            if (!_rows.TryGetValue(top, out var t) || !_rows.TryGetValue(bottom, out var b)) return;
            var ratio = t.Rate / b.Rate;
            var valid = t.Ok && b.Ok && !double.IsNaN(ratio);
            // Three decimals: 0.9497 must not read as 0.95 next to a FAIL against ">= 0.95".
            Target(label, ratio.ToString("0.000", Inv), minimum is { } m ? targetText ?? $">= {m:0.00}" : "(for info)",
                minimum is { } min ? (valid ? ratio >= min : null) : valid ? true : null, informational: minimum is null);
        }

        /// <summary>pass: true, false, or null when the inputs are not valid (INVALID, never PASS).</summary>
        private void Target(string label, string measured, string target, bool? pass, bool informational = false)
        {
            var result = pass switch
            {
                null => "INVALID (a scenario it depends on did not answer as expected)",
                true when informational => "",
                true => "PASS",
                false => "FAIL",
            };
            if (pass == false) Failed = true;
            Line($"  {label,-62} {measured,12} {target,12}  {result}");
        }

        private void Notes()
        {
            var before = D("meta.foreign_cpu_before");
            if (!double.IsNaN(before) && before >= BusyPercent) _busy.Insert(0, $"before the run ({before:0} %)");
            if (D("prop.foreign_cpu") >= BusyPercent) _busy.Add($"propagation ({D("prop.foreign_cpu"):0} %)");
            if (_busy.Count > 0)
                Line($"  WARNING: other processes used {BusyPercent:0} % or more of this machine's CPU during: {string.Join(", ", _busy)}. " +
                     "Those figures (and the ratios built on them) are not trustworthy; run again on a quiet machine.");
            foreach (var key in values.Keys.Where(k => k.StartsWith("note.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                Line($"  note: {values[key]}");
        }
    }
}
