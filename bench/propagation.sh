#!/usr/bin/env bash
# Propagation check: two web app instances (A and B, different ports) on one throwaway PostgreSQL. Over
# $BENCH_TRIALS trials (default 200) a token is issued through A, used on B until B has answered 200 twice, deleted
# through A with the token itself, and B is polled back to back until it answers 401: p50, p99 and max of that
# time, the 200s B gave after A's 204, and the 200s A gave after its own 204 (must be 0).
# Targets: p99 < 100 ms, max < 1 s. Exit code 0 on PASS, 1 on FAIL.
# Usage: bash bench/propagation.sh    (bench/run.sh runs it at the end; BENCH_SKIP_BUILD=1 reuses the Release build)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

trials=${BENCH_TRIALS:-200}
bench_begin propagation
bench_packages
bench_build
bench_cluster
admin_password=$(random_secret)
printf '%s\n' "$admin_password" > "$work/admin-password"

port_a=$(free_port)
port_b=$(free_port)
while [ "$port_b" = "$port_a" ]; do port_b=$(free_port); done
say "propagation: PostgreSQL $pg_version on 127.0.0.1:$pg_port (fsync=off), instances A :$port_a and B :$port_b, $trials trials"
bench_start_app prop-a "$port_a"; pid_a=$app_pid
bench_start_app prop-b "$port_b"; pid_b=$app_pid
bench_wait_ready "http://127.0.0.1:$port_a" "$pid_a" prop-a
bench_wait_ready "http://127.0.0.1:$port_b" "$pid_b" prop-b

rc=0
bench_wait_quiet
before=$(cpu_snapshot)
bench_tool propagation --a "http://127.0.0.1:$port_a" --b "http://127.0.0.1:$port_b" \
  --admin-password-file "$work/admin-password" --trials "$trials" \
  --results "${PROPAGATION_RESULTS:-$work/propagation.env}" || rc=$?
foreign=$(foreign_cpu_percent "$before" "$(cpu_snapshot)")
printf 'prop.foreign_cpu=%s\n' "$foreign" >> "${PROPAGATION_RESULTS:-$work/propagation.env}"
say "other processes used $foreign % of the CPU during the trials"
bench_log_summary prop-a
bench_log_summary prop-b
exit "$rc"
