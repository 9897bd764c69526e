#!/usr/bin/env bash
# HTTP benchmark: wrk against /healthz and an authenticated read on loopback.
# Usage: bash bench/api/run.sh [duration-seconds]   (needs Debian's wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-15}"
command -v wrk >/dev/null || { echo "bench/api: wrk is missing; install it with: apt-get install wrk" >&2; exit 1; }
[ -f dist/cli/main.js ] || npm run build:server >/dev/null

work=$(mktemp -d)
port=18080
export LIFELINE_DATABASE_URL="sqlite:$work/lifeline.db"
export LIFELINE_LOG_LEVEL=warn
export LIFELINE_DEMO_SEED=false
export LIFELINE_SERVER_HOST=127.0.0.1
export LIFELINE_SERVER_PORT=$port
# The per-address rate limit would turn a load test into a test of the limiter.
export LIFELINE_SERVER_RATE_LIMIT_MAX=1000000000

node bin/lifeline.js db migrate >/dev/null
printf 'load-test-secret-%s\n' "$RANDOM$RANDOM" | node bin/lifeline.js user add bench --role auditor --display-name Bench --password-stdin >/dev/null
token=$(node bin/lifeline.js token create bench --name bench --scope users.read --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).secret))')

wait_up() { for _ in $(seq 1 100); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; echo "bench/api: $1 did not come up" >&2; exit 1; }

run() {
  local name=$1; shift
  wrk -t1 -c32 -d"${duration}s" --latency "$@" >"$work/$name.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/$name.txt")
  printf '%-22s %12s req/s   p99 %s\n' "$name" "$rps" "$p99"
}

echo "# wrk -t1 -c32 -d${duration}s on loopback; server and wrk share the machine"
echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo | sed 's/^ *//'), node $(node --version), $(date -u +%Y-%m-%d)"
PORT=18081 node bench/api/bare-fastify.mjs &
bare=$!
trap 'kill $bare 2>/dev/null; rm -rf "$work"' EXIT
wait_up "http://127.0.0.1:18081/healthz"
run bare-fastify-healthz "http://127.0.0.1:18081/healthz"
kill $bare; wait $bare 2>/dev/null || true

node bin/lifeline.js serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
wait_up "http://127.0.0.1:$port/healthz"
run lifeline-healthz "http://127.0.0.1:$port/healthz"
run lifeline-users-token -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/users"
