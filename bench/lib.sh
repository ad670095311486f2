# Shared by bench/run.sh and bench/propagation.sh (sourced, not run): packages, build, a throwaway PostgreSQL
# cluster, app processes, and a cleanup that always runs (EXIT, Ctrl-C, failure). Modelled on scripts/two-instances.sh.
# Everything secret (database and admin passwords, tokens) lives only in $work (mode 700 for its files) and in the
# environment of the processes started here; it is deleted with $work at the end.

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pg_bin=${ESSAL_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
app_dir=$bench_root/src/WebApi/bin/Release/net10.0
app_dll=$app_dir/EssalOffice.WebApi.dll
tool_dll=$bench_root/bench/EssalOffice.Bench/bin/Release/net10.0/EssalOffice.Bench.dll
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

app_pids=()
pg_data=
work=

say() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

bench_cleanup() {
  local pid
  for pid in "${app_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${app_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$pg_data" ] && [ -d "$pg_data" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -n "$work" ] && [ -d "$work" ]; then
    if [ -n "${BENCH_KEEP_LOGS:-}" ]; then # opt-in, for looking into the app: the logs hold no secrets by design
      mkdir -p "$BENCH_KEEP_LOGS" && cp "$work"/*.log "$BENCH_KEEP_LOGS"/ 2>/dev/null || true
      cp "$work"/pg/postgres.log "$BENCH_KEEP_LOGS/postgres-${work##*/}.log" 2>/dev/null || true
    fi
    rm -rf "$work"
  fi
}

# Creates $work and arranges the cleanup. Ctrl-C and SIGTERM end the script, which runs the EXIT trap.
bench_begin() { # name
  umask 077
  work=$(mktemp -d "/tmp/essal-$1-XXXXXX")
  chmod 711 "$work" # the postgres user may pass through to its own folder, but read nothing else here
  trap bench_cleanup EXIT
  trap 'say "interrupted"; exit 130' INT TERM
}

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
random_secret() { head -c 24 /dev/urandom | base64 | tr -d '/+='; }

bench_packages() {
  local need=()
  command -v wrk >/dev/null || need+=(wrk)
  [ -x "${pg_bin:-/nonexistent}/pg_ctl" ] || need+=(postgresql)
  command -v curl >/dev/null || need+=(curl)
  command -v python3 >/dev/null || need+=(python3)
  if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]} (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    pg_bin=${ESSAL_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
  fi
}

bench_build() {
  if [ "${BENCH_SKIP_BUILD:-0}" = 1 ] && [ -f "$app_dll" ] && [ -f "$tool_dll" ]; then return; fi
  say "building the web app and the bench tool (Release)"
  dotnet build "$bench_root/src/WebApi" -c Release --nologo -v quiet -clp:ErrorsOnly >&2
  dotnet build "$bench_root/bench/EssalOffice.Bench" -c Release --nologo -v quiet -clp:ErrorsOnly >&2
}

pg_settings="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=512MB -c max_connections=300"

# A throwaway cluster on a free loopback port with database essal; sets pg_port, db_password, and exports
# BENCH_CONNECTION (for the tool) and PGPASSWORD (for psql and pgbench).
bench_cluster() {
  mkdir -p "$work/pg"
  db_password=$(random_secret)
  printf '%s\n' "$db_password" > "$work/pg/pw"
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$work/pg"; fi
  pg_data=$work/pg/data
  as_postgres "$pg_bin/initdb" -D "$pg_data" -U essal --pwfile "$work/pg/pw" --auth scram-sha-256 -E UTF8 --locale C.UTF-8 >/dev/null
  rm -f "$work/pg/pw"
  pg_port=$(free_port)
  # fsync and friends off: a benchmark database, not crash-safe. Said so in the output.
  as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$work/pg/postgres.log" \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' $pg_settings" -w start >/dev/null
  export PGPASSWORD=$db_password PGHOST=127.0.0.1 PGPORT=$pg_port PGUSER=essal PGDATABASE=essal
  "$pg_bin/createdb" essal
  export BENCH_CONNECTION="Host=127.0.0.1;Port=$pg_port;Database=essal;Username=essal;Password=$db_password;Maximum Pool Size=100"
  pg_version=$("$pg_bin/postgres" --version | awk '{print $3}')
}

bench_log_level=${BENCH_LOG_LEVEL:-Warning}

# Starts one web app process; extra NAME=VALUE settings after the port. Sets app_pid.
bench_start_app() { # name port [NAME=VALUE...]
  local name=$1 port=$2; shift 2
  (cd "$app_dir" && exec env \
    ConnectionStrings__Essal="Host=127.0.0.1;Port=$pg_port;Database=essal;Username=essal;Password=$db_password" \
    ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
    Bootstrap__AdminUsername=admin Bootstrap__AdminPassword="$admin_password" \
    BruteForce__FailuresPerAddress=1000000 BruteForce__WindowSeconds=1 \
    DataProtection__KeysDirectory="$work/keys" \
    Logging__LogLevel__Default="$bench_log_level" \
    "$@" dotnet "$app_dll" >"$work/$name.log" 2>&1) &
  app_pid=$!
  app_pids+=("$app_pid")
}

bench_wait_ready() { # url pid name
  local i
  for i in $(seq 1 240); do
    if curl -fsS -o /dev/null --max-time 2 "$1/health/ready" 2>/dev/null; then return 0; fi
    if ! kill -0 "$2" 2>/dev/null; then break; fi
    sleep 0.25
  done
  say "the web app ($3) did not become ready; the end of its log:"
  tail -20 "$work/$3.log" >&2
  exit 1
}

bench_stop_app() { # pid
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local kept=() pid
  for pid in "${app_pids[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
  app_pids=("${kept[@]}")
}

proc_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; } # pid VmRSS|VmHWM

bench_tool() { dotnet "$tool_dll" "$@"; }

# Warnings and errors of an app log, first line of each entry, counted (the log holds no secrets by design).
bench_log_summary() { # name
  local log=$work/$1.log
  [ -f "$log" ] || return 0
  local n
  n=$(grep -cE '^(warn|fail|crit): ' "$log" || true)
  say "app log $1: $(wc -l <"$log") lines, $n warnings/errors"
  if [ "$n" -gt 0 ]; then
    grep -A1 -E '^(warn|fail|crit): ' "$log" | grep -vE '^--$' | paste - - | sed -E 's/[[:space:]]+/ /g' \
      | sort | uniq -c | sort -rn | head -8 | cut -c1-220 >&2
  fi
}

# CPU accounting, to tell whether something else on the machine ran during a measurement (a shared machine makes
# every figure meaningless). Jiffies of our processes: this shell and its finished children (wrk, pgbench, the
# tool), the live app processes, our postmaster with its finished and live backends.
proc_jiffies() { # pid [1: add the finished children]
  if [ -r "/proc/$1/stat" ]; then
    awk -v c="${2:-0}" '{ sub(/^.*\) /, ""); v = $12 + $13; if (c == 1) v += $14 + $15; print v }' "/proc/$1/stat" 2>/dev/null || echo 0
  else echo 0; fi
}
ours_jiffies() {
  local sum pid postmaster
  sum=$(proc_jiffies $$ 1)
  for pid in "${app_pids[@]}"; do sum=$((sum + $(proc_jiffies "$pid" 1))); done
  if [ -n "$pg_data" ] && [ -r "$pg_data/postmaster.pid" ]; then
    postmaster=$(head -1 "$pg_data/postmaster.pid")
    sum=$((sum + $(proc_jiffies "$postmaster" 1)))
    for pid in $(ps --ppid "$postmaster" -o pid= 2>/dev/null); do sum=$((sum + $(proc_jiffies "$pid"))); done
  fi
  echo "$sum"
}
cpu_snapshot() { # prints: busy-jiffies total-jiffies our-jiffies
  echo "$(awk '/^cpu / { b = $2 + $3 + $4 + $7 + $8 + $9; print b, b + $5 + $6 }' /proc/stat) $(ours_jiffies)"
}
# The share of the whole machine's CPU used by other processes between two snapshots, in percent.
foreign_cpu_percent() { # "snapshot before" "snapshot after"
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); t = y[2] - x[2]; f = (y[1] - x[1]) - (y[3] - x[3]);
    if (f < 0) f = 0; printf "%.1f", (t > 0 ? 100 * f / t : 0) }'
}

# On a shared machine: before a measurement, wait (at most $BENCH_QUIET_WAIT seconds, default 20) until other
# processes use less than 10 % of the CPU. The measurement itself still records what they used while it ran.
bench_wait_quiet() {
  local limit=${BENCH_QUIET_WAIT:-20} waited=0 before foreign
  while :; do
    before=$(cpu_snapshot); sleep 1; foreign=$(foreign_cpu_percent "$before" "$(cpu_snapshot)")
    if awk -v f="$foreign" 'BEGIN { exit !(f < 10) }'; then break; fi
    waited=$((waited + 1))
    if [ "$waited" -ge "$limit" ]; then
      say "other processes still use $foreign % of the CPU after ${waited}s: measuring anyway (the table will say so)"
      return 0
    fi
  done
  if [ "$waited" -gt 0 ]; then say "waited ${waited}s for other processes to quiet down"; fi
  return 0
}
