#!/usr/bin/env bash
# Whole-process timings of the installed secaudit, on loopback only.
#   bench/run.sh            # needs 'secaudit' on PATH (./install.sh) and hyperfine (apt-get install hyperfine)
# Measures:
#   1. secaudit --version                       (start-up; target <= 0.3 s)
#   2. secaudit scan of the demo HTTPS target    (one loopback target, demo policy; target <= 0.8 s)
# Results go to bench/out/ (JSON from hyperfine) and are summarised on stdout for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v secaudit >/dev/null || { echo "bench: run ./install.sh first" >&2; exit 1; }
if ! command -v hyperfine >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq hyperfine >/dev/null; else
    echo "bench: install hyperfine (apt-get install hyperfine)" >&2; exit 1; fi
fi
out=bench/out; mkdir -p "$out"
work="$(mktemp -d)"; trap 'kill "$serve_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# The demo target runs in its own JVM (full JIT, not the CLI's quick-start flags) so the scan is
# timed alone, against a server that answers as fast as a real one would.
jar="$(sed -n 's/^jar="\(.*\)"$/\1/p' "$(command -v secaudit)")"
java -jar "$jar" demo --serve -o "$work/target" > "$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 100); do [ -f "$work/target/policy.yaml" ] && break; sleep 0.1; done
[ -f "$work/target/policy.yaml" ] || { cat "$work/serve.log"; exit 1; }

hyperfine -N --warmup 2 --runs 10 --export-json "$out/version.json" 'secaudit --version'
# Warm the target's JIT first: a cold demo server signs its first handshakes slowly, and that is
# the server's time, not the scanner's.
for _ in $(seq 1 20); do secaudit scan -q -p "$work/target/policy.yaml" >/dev/null 2>&1 || true; done
# Exit code 1 is expected: the demo target fails several checks on purpose.
hyperfine -N --warmup 2 --runs 10 -i --export-json "$out/scan.json" \
  "secaudit scan -q -p $work/target/policy.yaml"
/usr/bin/time -v secaudit scan -q -p "$work/target/policy.yaml" > /dev/null 2> "$out/scan-time.txt" || true
grep -E "Maximum resident|Elapsed" "$out/scan-time.txt"
