#!/usr/bin/env bash
# Two web app processes on one PostgreSQL, with no balancer in between (what `docker compose --profile scaled`
# runs, without Docker): a token issued through A works on B; deleted through A it fails on B at once; revoked
# by an administrator through B it fails on A; a session cookie from A is accepted by B (shared keys).
# Usage: scripts/two-instances.sh        (CONFIGURATION=Release to use a Release build)
# Prints one line per check and exits with the number of failed checks.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=${CONFIGURATION:-Debug}
app_dir=src/WebApi/bin/$configuration/net10.0
app_dll=$PWD/$app_dir/EssalOffice.WebApi.dll
[ -f "$app_dll" ] || dotnet build src/WebApi -c "$configuration" --nologo -v quiet >/dev/null
pg_bin=${ESSAL_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}

work=$(mktemp -d /tmp/essal-two-instances-XXXXXX)
pids=()
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  as_postgres "$pg_bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
random() { head -c 18 /dev/urandom | base64 | tr -d '/+='; }

# A throwaway PostgreSQL cluster (initdb refuses root, so as root it runs as the postgres system user).
db_password=$(random)
printf '%s\n' "$db_password" > "$work/pw"
if [ "$(id -u)" = 0 ]; then chown -R postgres "$work"; fi
as_postgres "$pg_bin/initdb" -D "$work/data" -U essal --pwfile "$work/pw" --auth scram-sha-256 -E UTF8 --locale C.UTF-8 >/dev/null
pg_port=$(free_port)
as_postgres "$pg_bin/pg_ctl" -D "$work/data" -l "$work/data/postgres.log" \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" -w start >/dev/null
PGPASSWORD=$db_password "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U essal essal

admin_password=$(random)
start_instance() { # name port
  (cd "$app_dir" && \
    ConnectionStrings__Essal="Host=127.0.0.1;Port=$pg_port;Database=essal;Username=essal;Password=$db_password" \
    Bootstrap__AdminUsername=admin Bootstrap__AdminPassword="$admin_password" \
    ASPNETCORE_URLS="http://127.0.0.1:$2" ASPNETCORE_ENVIRONMENT=Production \
    DataProtection__KeysDirectory="$work/keys" \
    exec dotnet "$app_dll" >"$work/$1.log" 2>&1) &
  pids+=($!)
}
port_a=$(free_port); port_b=$(free_port)
# Both at once: migrations and the first administrator must cope with a concurrent start.
start_instance a "$port_a"
start_instance b "$port_b"
A=http://127.0.0.1:$port_a
B=http://127.0.0.1:$port_b

wait_ready() { # url
  for _ in $(seq 1 120); do
    # The container's health check mode, pointed at readiness.
    if dotnet "$app_dll" --health-check "$1/health/ready"; then return 0; fi
    sleep 0.5
  done
  echo "not ready: $1"; cat "$work"/*.log; exit 1
}
wait_ready "$A"
wait_ready "$B"

failed=0; passed=0
check() { # description expected actual
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok    $1"
  else failed=$((failed + 1)); echo "FAIL  $1: expected $2, got $3"; fi
}
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
issue() { # base name
  curl -sS -X POST "$1/api/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$admin_password\",\"name\":\"$2\"}"
}

created=$(issue "$A" "scanner")
token=$(field token <<<"$created"); id=$(field id <<<"$created")
check "B accepts a token issued through A" 200 "$(status -H "Authorization: Token $token" "$B/api/profile")"
check "A deletes the token" 204 "$(status -X DELETE -H "Authorization: Token $token" "$A/api/profile/tokens/$id")"
check "B refuses the deleted token on the next request" 401 "$(status -H "Authorization: Token $token" "$B/api/profile")"
check "A refuses it as well" 401 "$(status -H "Authorization: Token $token" "$A/api/profile")"

admin_token=$(issue "$A" "admin" | field token)
created=$(issue "$B" "erp")
erp=$(field token <<<"$created"); erp_id=$(field id <<<"$created")
check "A accepts a token issued through B" 200 "$(status -H "Authorization: Token $erp" "$A/api/profile")"
check "an administrator revokes it through B" 204 "$(status -X DELETE -H "Authorization: Token $admin_token" "$B/api/admin/tokens/$erp_id")"
check "A refuses the revoked token on the next request" 401 "$(status -H "Authorization: Token $erp" "$A/api/profile")"

check "a session cookie from A is accepted by B" 200 "$(
  curl -s -o /dev/null -c "$work/cookies" -X POST "$A/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" && status -b "$work/cookies" "$B/api/profile")"

leaks=$( (grep -l -e "$token" -e "$erp" -e "$admin_token" -e "$admin_password" "$work"/a.log "$work"/b.log || true) | wc -l)
check "neither instance logged a token or the password" 0 "$leaks"

# Graceful shutdown: SIGTERM (what docker stop sends) ends A with exit code 0 while B keeps serving.
kill -TERM "${pids[0]}"
stopped=timeout
for _ in $(seq 1 40); do
  if ! kill -0 "${pids[0]}" 2>/dev/null; then wait "${pids[0]}" && stopped=$? || stopped=$?; break; fi
  sleep 0.5
done
check "A stops on SIGTERM with exit code 0" 0 "$stopped"
check "B still answers after A stopped" 200 "$(status "$B/health/ready")"

echo "two instances: ${passed} passed, ${failed} failed"
exit "$failed"
