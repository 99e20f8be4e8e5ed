#!/usr/bin/env bash
# HTTP load on loopback against the real node (embedded devnet, Release build): /health/live and /v1/quote, directly on
# the node's API port and through the YARP gateway, at the maximum rate (closed loop) and at half of it (paced).
# Needs wrk (Debian: apt-get install wrk). Usage: tests/load/http-load.sh [seconds per run, default 10]
#
# Half rate without wrk2: many connections (64), each pausing between a response and its next request. wrk's delay()
# is in whole milliseconds and sent the first request of every connection at once, so fixed pauses kept 64 connections
# in lockstep (bursts of 64); here each pause is drawn uniformly from [0.5, 1.5] x the mean, which spreads the
# connections over the cycle within a few cycles, and the mean is calibrated: a short run measures the rate and the
# time a cycle spends outside the pause, and the pause is set so that 64 connections make half the maximum rate.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
duration="${1:-10}"
paced_connections=64
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
cat >"$work/load.lua" <<'LUA'
-- PAUSE_MS (optional, fractional): mean pause between a response and the next request, each drawn from
-- [0.5, 1.5] x the mean; wrk rounds to whole ms, so the draw keeps the mean right where a fixed fractional pause could not.
-- DISTINCT=1: every request asks for another amount (no two alike: each is planned, built, hashed and signed; the
-- response cache cannot answer it). Otherwise wrk repeats the same request.
local pause = tonumber(os.getenv("PAUSE_MS") or "")
local distinct = os.getenv("DISTINCT") == "1"
local n = 0
function setup(thread) thread:set("seed", math.random(1, 1000000)) end
function init() math.randomseed(seed); base = seed * 1000 end
if pause then function delay() return math.floor(pause * (0.5 + math.random()) + 0.5) end end
if distinct then
  request = function()
    n = n + 1
    return wrk.format("GET", (wrk.path:gsub("amount=%d+", "amount=" .. (1000000000 + base + n))))
  end
end
LUA
# wrk prints latencies as 1.23ms / 456.00us / 1.20s: normalise to ms.
ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; printf "%.2f", v}'; }
# The node's own CPU (user + system, all its threads; not wrk's, not the anvils') in clock ticks.
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
run() { # target path connections seconds [pause_ms [distinct]] -> "rps p50 p99 errors node_cpu_us_per_request"
  local out before after
  before=$(ticks)
  out="$(PAUSE_MS=${5:-} DISTINCT=${6:-0} wrk -t2 -c"$3" -d"$4s" --latency -s "$work/load.lua" -H "X-Api-Key: $key" "$1$2")"
  after=$(ticks)
  local rps p50 p99 bad total cpu
  rps="$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out" | ms)"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out" | ms)"
  bad="$(awk '/Non-2xx/ {print $5}' <<<"$out")"
  total="$(awk '/requests in/ {print $1}' <<<"$out")"
  cpu=$(awk -v b="$before" -v a="$after" -v n="$total" -v hz="$hz" -v bg="$idle" -v d="$4" 'BEGIN { printf "%.0f", (n > 0 ? (a - b - bg * d) * 1e6 / hz / n : 0) }')
  echo "$rps $p50 $p99 ${bad:-0} $cpu"
}
load() { cut -d' ' -f1 /proc/loadavg; }
# Warm-up (JIT tiering, connection pools, the gateway's clusters): not measured.
for base in "http://127.0.0.1:$api" "http://127.0.0.1:$public"; do
  for path in /health/live "$quote"; do wrk -t2 -c32 -d3s -H "X-Api-Key: $key" "$base$path" >/dev/null; done
  DISTINCT=1 wrk -t2 -c32 -d3s -s "$work/load.lua" -H "X-Api-Key: $key" "$base$quote" >/dev/null
done
# The node's own background CPU (the embedded devnet's relayers and watchers polling the anvils), subtracted below.
idle=0; t0=$(ticks); sleep 5; idle=$(awk -v a="$(ticks)" -v b="$t0" 'BEGIN { printf "%.3f", (a - b) / 5 }')
echo "node CPU while idle: $(awk -v i="$idle" -v hz="$hz" 'BEGIN { printf "%.0f", i * 100 / hz }')% of a core (subtracted from cpu_us/req)"
printf '%-8s %-14s %10s %9s %9s %8s %9s %6s\n' via endpoint req/s p50_ms p99_ms non2xx cpu_us/req load1
declare -A max cost
for via in direct gateway; do
  base="http://127.0.0.1:$api"; [ "$via" = gateway ] && base="http://127.0.0.1:$public"
  # quote: the same request again and again (after the first, answered from the response cache while the snapshot
  # lasts, as a wallet re-polling a quote is); quote-new: every request another amount (planned, built, hashed, signed).
  for name in health quote quote-new; do
    path=/health/live; [ "$name" != health ] && path="$quote"
    distinct=0; [ "$name" = quote-new ] && distinct=1
    read -r rps p50 p99 bad cpu < <(run "$base" "$path" 32 "$duration" "" "$distinct")
    max[$via-$name]=$rps
    cost[$via-$name]=$cpu
    printf '%-8s %-14s %10s %9s %9s %8s %9s %6s\n' "$via" "$name max" "$rps" "$p50" "$p99" "$bad" "$cpu" "$(load)"
  done
  for name in quote quote-new; do
    distinct=0; [ "$name" = quote-new ] && distinct=1
    # Half the maximum rate. Cycle per connection = pause + (latency and client time) = connections / rate.
    target=$(awk -v r="${max[$via-$name]}" 'BEGIN { printf "%.1f", r / 2 }')
    pause=$(awk -v c="$paced_connections" -v t="$target" 'BEGIN { printf "%.3f", 1000 * c / t }')
    for _ in 1 2; do
      read -r rps _ _ _ _ < <(run "$base" "$quote" "$paced_connections" 3 "$pause" "$distinct")
      pause=$(awk -v c="$paced_connections" -v t="$target" -v r="$rps" -v p="$pause" \
        'BEGIN { other = (r > 0 ? 1000 * c / r - p : 0); if (other < 0) other = 0; q = 1000 * c / t - other; printf "%.3f", (q < 1 ? 1 : q) }')
    done
    read -r rps p50 p99 bad cpu < <(run "$base" "$quote" "$paced_connections" "$duration" "$pause" "$distinct")
    printf '%-8s %-14s %10s %9s %9s %8s %9s %6s\n' "$via" "$name half" "$rps" "$p50" "$p99" "$bad" "$cpu" "$(load)"
    awk -v q="${max[$via-$name]}" -v h="${max[$via-health]}" -v r="$rps" -v t="$target" -v v="$via" -v p="$pause" -v n="$name" \
        -v cq="${cost[$via-$name]}" -v ch="${cost[$via-health]}" \
      'BEGIN { printf "%-8s %s/health throughput ratio %.3f (node CPU per request: health/%s %.3f); paced run at %.2f of its max rate (mean pause %.1f ms x %d connections)\n", v, n, q / h, n, (cq > 0 ? ch / cq : 0), r / (2 * t), p, '"$paced_connections"' }'
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
