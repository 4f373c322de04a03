#!/usr/bin/env bash
# make bench: the foundation's benchmarks. Each figure comes with a baseline from the same run.
set -euo pipefail
build="${1:-build}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="$here/$build"
encliid="$bin/app/encliid/encliid"
out="$bin/bench-results.txt"
work="$(mktemp -d)"
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
exec > >(tee "$out") 2>&1

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
wait_ready() { # url timeout-seconds
  local deadline=$(( $(date +%s) + $2 ))
  until curl -fsS "$1" >/dev/null 2>&1; do
    [[ $(date +%s) -lt $deadline ]] || { echo "bench: $1 not ready in $2 s" >&2; return 1; }
    sleep 0.02
  done
}

echo "== Enclii benchmarks, $(date -u +%FT%TZ), $(nproc) cores"

echo "-- 1. load + validate all specs"
"$bin/tests/bench/bench_specs" "$here/specs"

echo "-- 2. encliid cold start to a ready /readyz, embedded database"
export ENCLII_ADMIN_EMAIL=bench@enclii.local ENCLII_ADMIN_PASSWORD="bench password 1234"
port=$(free_port)
t0=$(now)
"$encliid" serve --listen "127.0.0.1:$port" --state-dir "$work/cold" --specs "$here/specs" --log-level warn >"$work/cold.log" 2>&1 &
pid=$!; pids+=($pid)
wait_ready "http://127.0.0.1:$port/readyz" 120
t1=$(now)
cold=$(echo "$t1 - $t0" | bc -l)
kill -TERM $pid; wait $pid || true
t0=$(now)
"$encliid" serve --listen "127.0.0.1:$port" --state-dir "$work/cold" --specs "$here/specs" --log-level warn >"$work/warm.log" 2>&1 &
pid=$!; pids+=($pid)
wait_ready "http://127.0.0.1:$port/readyz" 120
t1=$(now)
warm=$(echo "$t1 - $t0" | bc -l)
# Baseline: the PostgreSQL part alone, initdb + start of a bare cluster, as the postgres user.
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
mkdir -p "$work/bare"; chown postgres "$work/bare" 2>/dev/null || true
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pgport=$(free_port)
t0=$(now)
as_pg "$pgbin/initdb" -D "$work/bare/data" -A trust -U bench >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/bare/data" -o "-p $pgport -k '' -c listen_addresses=127.0.0.1" -w -l "$work/bare/log" start >/dev/null
t1=$(now)
bare=$(echo "$t1 - $t0" | bc -l)
as_pg "$pgbin/pg_ctl" -D "$work/bare/data" -m fast -w stop >/dev/null
printf 'start: cold start (initdb, migrations, import of 34 documents) to ready: %.2f s\n' "$cold"
printf 'start: warm start (existing cluster, nothing to import) to ready: %.2f s\n' "$warm"
printf 'start: baseline bare initdb + pg_ctl start: %.2f s; ratio cold / bare = %.2f\n' "$bare" "$(echo "$cold / $bare" | bc -l)"

echo "-- 3. GET /v1/ecosystem under wrk, against the same bytes served statically by the same HTTP stack"
token=$("$bin/tests/bench/bench_auth" token "http://127.0.0.1:$port" "$ENCLII_ADMIN_EMAIL" "$ENCLII_ADMIN_PASSWORD")
curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/ecosystem" -o "$work/ecosystem.json"
size=$(stat -c %s "$work/ecosystem.json")
sport=$(free_port)
"$bin/tests/bench/bench_static_server" "$work/ecosystem.json" "$sport" >"$work/static.log" 2>&1 &
spid=$!; pids+=($spid)
wait_ready "http://127.0.0.1:$sport/static" 10
# Both with the same Authorization header: encliid validates it (RS256) on every request.
rps() { wrk -t1 -c8 -d"${BENCH_SECONDS:-5}"s -H "Authorization: Bearer $token" "$1" | awk '/Requests\/sec/ {print $2}'; }
rps "http://127.0.0.1:$port/v1/ecosystem" >/dev/null   # warm-up
e1=$(rps "http://127.0.0.1:$port/v1/ecosystem"); s1=$(rps "http://127.0.0.1:$sport/static")
e2=$(rps "http://127.0.0.1:$port/v1/ecosystem"); s2=$(rps "http://127.0.0.1:$sport/static")
e=$(echo "($e1 + $e2) / 2" | bc -l); s=$(echo "($s1 + $s2) / 2" | bc -l)
printf 'ecosystem: %d bytes; encliid %.0f req/s, static %.0f req/s (two interleaved runs each, 8 connections)\n' "$size" "$e" "$s"
printf 'ecosystem: ratio encliid / static = %.2f (encliid checks the bearer token on each request)\n' "$(echo "$e / $s" | bc -l)"

echo "-- 4. identity"
"$bin/tests/bench/bench_auth" validate
"$bin/tests/bench/bench_auth" signin "http://127.0.0.1:$port" "$ENCLII_ADMIN_EMAIL" "$ENCLII_ADMIN_PASSWORD" 15

echo "-- 5. waybill"
# Usage ingest with deduplication (batches of 1,000 through UsageIngest into a fresh database)
# against a plain COPY of the same rows into a table of the same shape.
"$bin/tests/bench/bench_ingest" "${BENCH_INGEST_EVENTS:-100000}" 2>"$work/ingest.log" || { cat "$work/ingest.log" >&2; exit 1; }
# Hourly aggregation of 10 million events (RollupAggregator) against a bare SQL GROUP BY of the same rows.
"$bin/tests/bench/bench_rollup" "${BENCH_ROLLUP_EVENTS:-10000000}" 2>"$work/rollup.log" || { cat "$work/rollup.log" >&2; exit 1; }
echo "-- 6. roundhouse"
"$bin/tests/bench/bench_roundhouse" "${BENCH_PUSHES:-40}" 2>"$work/roundhouse.log" || { tail -50 "$work/roundhouse.log" >&2; exit 1; }
echo "-- 7. reconciler"
"$bin/tests/bench/bench_reconcile" "${BENCH_RECONCILE_COLD:-1000}" "${BENCH_RECONCILE_STEADY:-10000}" 2>"$work/reconcile.log" || { tail -50 "$work/reconcile.log" >&2; exit 1; }
echo "-- 8. canary rollouts"
# 100 concurrent rollouts (controller CPU per pass) and ten rollbacks (failing measurement ->
# traffic back on stable) in the simulated cluster.
"$bin/tests/bench/bench_rollouts" "${BENCH_ROLLOUTS:-100}" 2>"$work/rollouts.log" || { tail -50 "$work/rollouts.log" >&2; exit 1; }
echo "bench: results in $out"
