#!/usr/bin/env bash
# The macro benchmark of issue 4 ("the hot path"): one command from a clean clone.
#   bash bench/run.sh
# Builds the web app in Release, starts a throwaway PostgreSQL (fsync=off) and the app, seeds 10,000 users and
# 100,000 tokens, measures the scenarios with wrk at one fixed concurrency, pgbench as the database ceiling, the
# app's memory, 1,000,000 tokens, and the propagation between two instances; prints one table and writes it to
# bench/results/<UTC timestamp>.txt. See bench/README.md for the scenarios and the settings (BENCH_* variables).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$bench_root"

threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-32}
duration=${BENCH_DURATION:-10}
warmup=${BENCH_WARMUP:-3}
first_warmup=${BENCH_FIRST_WARMUP:-10} # the first run on a freshly started app also waits out the JIT's tiering
trials=${BENCH_TRIALS:-200}
list_duration=${BENCH_LIST_DURATION:-5}
started=$(date +%s)
stamp=$(date -u +%Y%m%dT%H%M%SZ)

bench_begin bench
bench_packages
bench_build

results=$work/results.env
put() { printf '%s=%s\n' "$1" "$2" >> "$results"; }

# --- the run's header -----------------------------------------------------------------------------------------
commit=$(git -C "$bench_root" rev-parse --short HEAD 2>/dev/null || echo unknown)
branch=$(git -C "$bench_root" rev-parse --abbrev-ref HEAD 2>/dev/null || echo "?")
if [ -n "$(git -C "$bench_root" status --porcelain 2>/dev/null | grep -v '^?? bench/results/' || true)" ]; then
  commit="$commit ($branch, with uncommitted changes)"
else
  commit="$commit ($branch)"
fi
put meta.date "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
put meta.nproc "$(nproc)"
put meta.cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
put meta.memory "$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
put meta.os "$(. /etc/os-release && echo "$PRETTY_NAME")"
put meta.commit "$commit"
put meta.threads "$threads"
put meta.connections "$connections"
put meta.duration "$duration"
put meta.warmup "$warmup"
put meta.first_warmup "$first_warmup"
put meta.logging "Logging__LogLevel__Default=$bench_log_level (appsettings.json keeps Microsoft.AspNetCore at Warning; at the default Information the app writes one line per request)"
put meta.app "Release build, ASPNETCORE_ENVIRONMENT=Production, dotnet $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ { v = $2 } END { print v }'); BruteForce__FailuresPerAddress=1000000 and BruteForce__WindowSeconds=1, so junk measures rejection, not the 429 of brute-force protection"

before=$(cpu_snapshot); sleep 2
put meta.foreign_cpu_before "$(foreign_cpu_percent "$before" "$(cpu_snapshot)")"
bench_cluster
put meta.database "PostgreSQL $pg_version, throwaway cluster on 127.0.0.1 (same machine), fsync=off synchronous_commit=off full_page_writes=off shared_buffers=512MB: benchmark only, not crash-safe"
say "PostgreSQL $pg_version on 127.0.0.1:$pg_port with fsync=off (benchmark only); app log level $bench_log_level"

admin_password=$(random_secret)
printf '%s\n' "$admin_password" > "$work/admin-password"

# --- wrk --------------------------------------------------------------------------------------------------------
# run_wrk id label expected-status script url [wrk options...]: a warm-up run, then the measured run.
run_wrk() {
  local id=$1 label=$2 expect=$3 script=$4 url=$5; shift 5
  local t=$threads c=$connections d=$duration w=${WARMUP:-$warmup} extra=()
  if [ "${1:-}" = "--one-connection" ]; then t=1; c=1; d=$list_duration; extra=(--latency); shift; fi
  bench_wait_quiet
  say "$id: $label (warm-up ${w}s, then ${d}s at -t$t -c$c)"
  BENCH_THREADS=$t BENCH_SCENARIO=warmup BENCH_WRK_OUT=$work/warmup.env \
    wrk -t"$t" -c"$c" -d"${w}s" -s "bench/wrk/$script" "$url" >/dev/null
  local before
  before=$(cpu_snapshot)
  BENCH_THREADS=$t BENCH_SCENARIO=$id BENCH_WRK_OUT=$results \
    wrk -t"$t" -c"$c" -d"${d}s" "${extra[@]}" -s "bench/wrk/$script" "$url" > "$work/wrk-$id.txt"
  put "$id.foreign_cpu" "$(foreign_cpu_percent "$before" "$(cpu_snapshot)")"
  put "$id.label" "$label"
  put "$id.expect" "$expect"
  local rps
  rps=$(awk -F= -v k="$id.rps" '$1 == k { v = $2 } END { print v }' "$results")
  say "$id: $rps req/s"
}

# --- pgbench ----------------------------------------------------------------------------------------------------
# run_pgbench id label [pgbench options...]: a warm-up run, then the measured run with a 10 % sample of the
# per-transaction log for the latency percentiles (pgbench prints only the average).
run_pgbench() {
  local id=$1 label=$2; shift 2
  bench_wait_quiet
  say "$id: $label (warm-up ${warmup}s, then ${duration}s at -c$connections -j$threads)"
  "$pg_bin/pgbench" -n -c "$connections" -j "$threads" -T "$warmup" "$@" essal >/dev/null 2>&1
  mkdir -p "$work/pgbench-$id"
  local before
  before=$(cpu_snapshot)
  "$pg_bin/pgbench" -n -c "$connections" -j "$threads" -T "$duration" -l --sampling-rate=0.1 \
    --log-prefix="$work/pgbench-$id/log" "$@" essal > "$work/pgbench-$id.txt" 2>&1
  put "$id.foreign_cpu" "$(foreign_cpu_percent "$before" "$(cpu_snapshot)")"
  put "$id.label" "$label"
  put "$id.tps" "$(awk '/^tps = / { print $3; exit }' "$work/pgbench-$id.txt")"
  put "$id.transactions" "$(awk -F': ' '/number of transactions actually processed/ { split($2, a, "/"); print a[1]; exit }' "$work/pgbench-$id.txt")"
  put "$id.aborted" "$(awk -F': ' '/number of failed transactions/ { split($2, a, " "); print a[1]; exit }' "$work/pgbench-$id.txt")"
  cat "$work/pgbench-$id"/log* | awk '{ print $3 }' | sort -n > "$work/pgbench-$id.sorted"
  local n
  n=$(wc -l < "$work/pgbench-$id.sorted")
  for p in 50 90 99; do
    put "$id.p${p}_us" "$(awk -v n="$n" -v p="$p" 'BEGIN { r = int((p * n + 99) / 100); if (r < 1) r = 1 } NR == r { print; exit }' "$work/pgbench-$id.sorted")"
  done
  say "$id: $(awk -F= -v k="$id.tps" '$1 == k { v = $2 } END { print v }' "$results") tps"
}

# --- 100,000 tokens, the validation cache as configured by default ---------------------------------------------------
port=$(free_port)
base=http://127.0.0.1:$port
bench_start_app main "$port"; main_pid=$app_pid
bench_wait_ready "$base" "$main_pid" main
say "web app on $base (pid $main_pid); seeding 10,000 users and 100,000 tokens"
bench_tool seed --users 10000 --tokens-per-user 10 --tokens-out "$work/tokens-100k.txt" --hash-table bench_token_hashes --results "$results" >&2
bench_tool junk --count 10000 --out "$work/junk.txt" --results "$results" >&2
put meta.data "10,000 users with 10 tokens each (100,000 tokens), then 90,000 more users with 10 each (1,000,000 tokens), seeded by binary COPY"
sleep 2
put mem.idle_kb "$(proc_kb "$main_pid" VmRSS)"

WARMUP=$first_warmup run_wrk a "anonymous GET /api/ping" 200 anonymous.lua "$base/api/ping"
put mem.after_anonymous_kb "$(proc_kb "$main_pid" VmRSS)"

say "f: using each of the 100,000 tokens once"
bench_tool touch --url "$base" --tokens "$work/tokens-100k.txt" --concurrency "$connections" --prefix touch --results "$results" >&2
sleep 2
put mem.after_touch_kb "$(proc_kb "$main_pid" VmRSS)"

BENCH_TOKENS=$work/tokens-100k.txt run_wrk b "valid tokens, GET /api/ping" 200 tokens.lua "$base/api/ping"
BENCH_TOKENS=$work/junk.txt BENCH_PATH=/api/profile run_wrk c "junk tokens, GET /api/profile" 401 tokens.lua "$base/api/profile"

bench_tool issue --url "$base" --username admin --password-file "$work/admin-password" --name "bench admin list" --out "$work/admin-token.txt"
BENCH_TOKENS=$work/admin-token.txt BENCH_PATH='/api/admin/tokens?limit=50' \
  run_wrk list100k "admin token list, first page, 100,000 tokens" 200 tokens.lua "$base/api/admin/tokens?limit=50" --one-connection
put mem.hwm_kb "$(proc_kb "$main_pid" VmHWM)"
bench_stop_app "$main_pid"

# --- the same, with the validation cache switched off --------------------------------------------------------------
port=$(free_port)
base=http://127.0.0.1:$port
bench_start_app nocache "$port" ValidationCache__Enabled=false; nocache_pid=$app_pid
bench_wait_ready "$base" "$nocache_pid" nocache
BENCH_TOKENS=$work/tokens-100k.txt WARMUP=$first_warmup run_wrk d "valid tokens, ValidationCache__Enabled=false" 200 tokens.lua "$base/api/ping"
put mem.hwm_nocache_kb "$(proc_kb "$nocache_pid" VmHWM)"
bench_stop_app "$nocache_pid"
# For the reading of d: round-robin over 100,000 tokens makes every request's token one more row for the next
# last-used flush, so d also pays one UPDATE row per request. d2 holds those writes back for the whole run.
port=$(free_port)
base=http://127.0.0.1:$port
bench_start_app nocache-nowrites "$port" ValidationCache__Enabled=false LastUsed__FlushInterval=1.00:00:00; nowrites_pid=$app_pid
bench_wait_ready "$base" "$nowrites_pid" nocache-nowrites
BENCH_TOKENS=$work/tokens-100k.txt WARMUP=$first_warmup run_wrk d2 "as d, last-used writes held back (1 day)" 200 tokens.lua "$base/api/ping"
bench_stop_app "$nowrites_pid"

# --- the database ceiling (no app running) -----------------------------------------------------------------------------
say "e: pgbench -i -s 10"
"$pg_bin/pgbench" -i -s 10 -q essal >/dev/null 2>&1
run_pgbench e1 "pgbench -S (select-only, simple protocol)" -S
cat > "$work/validation.sql" <<'SQL'
\set n random(1, 100000)
select t.id, t.user_id, u.username, u.is_admin, u.is_active, t.hint, t.expires_at
  from api_tokens t join users u on u.id = t.user_id
 where t.token_hash = (select token_hash from bench_token_hashes where n = :n);
SQL
run_pgbench e2 "pgbench: the validation query, random seeded hash" -f "$work/validation.sql"
"$pg_bin/psql" -q -c 'drop table pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers, bench_token_hashes' >/dev/null

# --- 1,000,000 tokens ----------------------------------------------------------------------------------------------------
say "g: seeding 90,000 more users and 900,000 more tokens"
cp "$work/tokens-100k.txt" "$work/tokens-1m.txt"
bench_tool seed --users 90000 --tokens-per-user 10 --user-offset 10000 --tokens-out "$work/tokens-1m.txt" --results "$results" >&2
# Like for like with b: 100,000 tokens in rotation (every tenth of the million: old and new ones), used once first.
awk 'NR % 10 == 1' "$work/tokens-1m.txt" > "$work/tokens-1m-sample.txt"
port=$(free_port)
base=http://127.0.0.1:$port
bench_start_app big "$port"; big_pid=$app_pid
bench_wait_ready "$base" "$big_pid" big
bench_tool touch --url "$base" --tokens "$work/tokens-1m-sample.txt" --concurrency "$connections" --prefix touch1m --results "$results" >&2
BENCH_TOKENS=$work/tokens-1m-sample.txt run_wrk g1 "valid tokens, 1,000,000 in the database" 200 tokens.lua "$base/api/ping"
BENCH_TOKENS=$work/tokens-1m.txt run_wrk g2 "valid tokens, all 1,000,000 in rotation" 200 tokens.lua "$base/api/ping"
BENCH_TOKENS=$work/admin-token.txt BENCH_PATH='/api/admin/tokens?limit=50' \
  run_wrk list1m "admin token list, first page, 1,000,000 tokens" 200 tokens.lua "$base/api/admin/tokens?limit=50" --one-connection
put mem.hwm_1m_kb "$(proc_kb "$big_pid" VmHWM)"
bench_stop_app "$big_pid"

for name in main nocache nocache-nowrites big; do bench_log_summary "$name"; done
grep -E '^[0-9-]+ [0-9:.]+ [A-Z]+ +\[[0-9]+\] (ERROR|FATAL|PANIC)' "$work/pg/postgres.log" | head -5 >&2 || true

# --- two instances ------------------------------------------------------------------------------------------------------
say "propagation: two instances, $trials trials"
propagation_rc=0
BENCH_SKIP_BUILD=1 BENCH_TRIALS=$trials PROPAGATION_RESULTS=$results bash bench/propagation.sh >&2 || propagation_rc=$?
if [ "$propagation_rc" -gt 1 ]; then put note.propagation "bench/propagation.sh failed (exit $propagation_rc): see its output above"; fi

# --- the table --------------------------------------------------------------------------------------------------------------
put note.elapsed "the whole run took $(( $(date +%s) - started )) s (build included)"
mkdir -p bench/results
out=bench/results/$stamp.txt
report_rc=0
bench_tool report --results "$results" --out "$out" || report_rc=$?
# The raw figures too (no secrets in them): `EssalOffice.Bench report --results <file>.env --out <file>` redraws the table.
cp "$results" "bench/results/$stamp.env"
echo
echo "table written to $out (raw figures: bench/results/$stamp.env)"
exit "$report_rc"
