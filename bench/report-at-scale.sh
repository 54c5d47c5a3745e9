#!/usr/bin/env bash
# Reports at scale: `secaudit report --from` a 213,500-finding scan.json, whole process.
#   bench/report-at-scale.sh [FORMAT…]      # default: html json; needs 'secaudit' on PATH (./install.sh)
#   JAR=target/secaudit.jar bench/report-at-scale.sh csv html   # a branch's build, launcher's flags
#   SECAUDIT="java -jar target/secaudit.jar" bench/report-at-scale.sh html   # any command line
#   FINDINGS=50000 bench/report-at-scale.sh html                            # another size
# Builds the input once (bench/out/scan-<FINDINGS>.json, from a demo scan through
# bench/scan-at-scale.py), then runs each format RUNS times (default 3) under /usr/bin/time and
# prints wall time, CPU time (user + sys), peak RSS and the load average before each run. On a
# shared machine, read the CPU time and the peak RSS: wall time there measures the neighbours.
# JAR runs a jar with the JVM flags install.sh's launcher gives report.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${JAR:-}" ]; then
  secaudit="java -Xms64m -XX:MinHeapFreeRatio=20 -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -jar $JAR"
fi
secaudit=${SECAUDIT:-${secaudit:-secaudit}}
findings=${FINDINGS:-213500}
runs=${RUNS:-3}
formats=("$@")
[ ${#formats[@]} -gt 0 ] || formats=(html json)
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
out=bench/out; mkdir -p "$out"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

input="$out/scan-$findings.json"
if [ ! -s "$input" ]; then
  $secaudit demo -q -o "$work/demo" > /dev/null
  python3 bench/scan-at-scale.py "$work/demo/scan.json" "$input" "$findings"
fi
printf '%s: %s bytes\n' "$input" "$(stat -L -c %s "$input")"

for format in "${formats[@]}"; do
  for run in $(seq 1 "$runs"); do
    read -r load _ < /proc/loadavg
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
      $secaudit report --no-gate --from "$input" -f "$format" -o "$work/report.$format" > /dev/null
    read -r wall user sys rss < "$work/time"
    printf '%-5s run %d: %6.2f s wall, %6.2f s CPU, %5d MB peak RSS, %s bytes, load %s\n' \
      "$format" "$run" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) \
      "$(stat -c %s "$work/report.$format")" "$load"
  done
done
