#!/usr/bin/env bash
# HTTP load on loopback against the real node (embedded devnet, Release build): /health/live and /v1/quote, directly on
# the node's API port and through the YARP gateway, at the maximum rate (closed loop) and at half of it (paced).
# Needs wrk (Debian: apt-get install wrk). Usage: tests/load/http-load.sh [seconds per run, default 10]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
duration="${1:-10}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
dotnet build -c Release "$root/node" -v q -nologo >/dev/null
work="$(mktemp -d)"
key="load-test-key-0123456789abcdef"
api=18081
public=18080
(
  cd "$work"
  export Interop__Node__ApiUrls="http://127.0.0.1:$api" Interop__Node__Urls="http://127.0.0.1:$public"
  export Interop__Gateway__ApiKeys__0__Name=load Interop__Gateway__ApiKeys__0__Key="$key" Interop__Gateway__ApiKeys__0__PermitsPerSecond=100000000
  export Serilog__MinimumLevel__Default=Warning
  # A background job of a non-interactive shell ignores SIGINT; restore it so the node stops cleanly below.
  exec perl -e '$SIG{INT}="DEFAULT"; exec @ARGV' "$root/node/bin/Release/net10.0/interop"
) >"$work/node.log" 2>&1 &
pid=$!
cleanup() { kill -INT "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$public/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -sf "http://127.0.0.1:$public/health/ready" >/dev/null || { echo "node not ready; log:" >&2; tail -20 "$work/node.log" >&2; exit 1; }

quote='/v1/quote?fromChain=901&toChain=902&fromToken=USDC&toToken=USDC&amount=1000000000'
cat >"$work/paced.lua" <<'LUA'
local pause = tonumber(os.getenv("PAUSE_MS"))
function delay() return pause end
LUA
# wrk prints latencies as 1.23ms / 456.00us / 1.20s: normalise to ms.
ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; printf "%.2f", v}'; }
run() { # target path connections [pause_ms] -> "rps p50 p99 errors"
  local out
  if [ -n "${4:-}" ]; then out="$(PAUSE_MS=$4 wrk -t1 -c"$3" -d"${duration}s" --latency -s "$work/paced.lua" -H "X-Api-Key: $key" "$1$2")"
  else out="$(wrk -t2 -c"$3" -d"${duration}s" --latency -H "X-Api-Key: $key" "$1$2")"; fi
  local rps p50 p99 bad
  rps="$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out" | ms)"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out" | ms)"
  bad="$(awk '/Non-2xx/ {print $5}' <<<"$out")"
  echo "$rps $p50 $p99 ${bad:-0}"
}
printf '%-8s %-12s %10s %9s %9s %8s\n' via endpoint req/s p50_ms p99_ms non2xx
declare -A max
for via in direct gateway; do
  base="http://127.0.0.1:$api"; [ "$via" = gateway ] && base="http://127.0.0.1:$public"
  for name in health quote; do
    path=/health/live; [ "$name" = quote ] && path="$quote"
    read -r rps p50 p99 bad < <(run "$base" "$path" 32)
    max[$via-$name]=$rps
    printf '%-8s %-12s %10s %9s %9s %8s\n' "$via" "$name max" "$rps" "$p50" "$p99" "$bad"
  done
  # Half the maximum quote rate: 8 connections, each pausing so the total is about max/2.
  pause=$(awk -v r="${max[$via-quote]}" 'BEGIN { printf "%d", (r > 0 ? 8 * 1000 / (r / 2) : 1000) }')
  read -r rps p50 p99 bad < <(run "$base" "$quote" 8 "$pause")
  printf '%-8s %-12s %10s %9s %9s %8s\n' "$via" "quote half" "$rps" "$p50" "$p99" "$bad"
  awk -v q="${max[$via-quote]}" -v h="${max[$via-health]}" -v v="$via" 'BEGIN { printf "%-8s quote/health throughput ratio %.3f\n", v, q / h }'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
