#!/usr/bin/env bash
# What writing every report costs a fleet scan: one scan of HOSTS TLS hosts on loopback (two nginx
# processes of bench/fleet-nginx.sh, HOSTS/2 addresses each on two ports) writing scan.json only
# (-f json) against the same scan writing every format (-f json,html,csv,junit,sarif), RUNS
# rounds, the two taken in turns so that both meet the same load. Prints each run's wall time,
# CPU time (user + sys) and peak RSS, then the medians and the ratio all formats / JSON only.
#   bench/report-formats.sh                        # needs target/secaudit.jar, nginx, openssl
#   HOSTS=100 RUNS=3 bench/report-formats.sh
#   SECAUDIT="java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar other.jar" bench/report-formats.sh
set -euo pipefail
cd "$(dirname "$0")/.."
hosts=${HOSTS:-500}
runs=${RUNS:-5}
half=$(( (hosts + 1) / 2 ))
[ "$half" -le 250 ] || { echo "bench: at most 500 hosts (250 loopback addresses, 2 ports)" >&2; exit 1; }
read -r -a secaudit <<< "${SECAUDIT:-java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar target/secaudit.jar}"
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
work="$(mktemp -d)"
stop() {
  for w in "$work/a" "$work/b"; do
    [ -f "$w/nginx.pid" ] && kill "$(cat "$w/nginx.pid")" 2>/dev/null
  done
  rm -rf "$work"
}
trap stop EXIT
mkdir -p "$work/a" "$work/b"
# shellcheck source=bench/fleet-nginx.sh
. bench/fleet-nginx.sh
fleet_nginx "$work/a" "$half" 18443
fleet_nginx "$work/b" "$half" 18444
{
  echo "version: 1"
  echo "name: bench-formats"
  echo "targets:"
  for i in $(seq 2 $((half + 1))); do
    echo "  - {name: a$i, url: \"127.0.0.$i:18443\"}"
    [ $(( (i - 2) * 2 + 2 )) -le "$hosts" ] && echo "  - {name: b$i, url: \"127.0.0.$i:18444\"}"
  done
  echo "tls: {certificate: {require_trusted: false, require_hostname_match: false}}"
} > "$work/fleet.yaml"

echo "hosts: $hosts, cores: $(nproc), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run() { # NAME FORMATS
  rm -rf "$work/out"
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
    "${secaudit[@]}" scan -q -p "$work/fleet.yaml" -o "$work/out" -f "$2" > /dev/null 2>&1 || true
  read -r wall user sys rss < <(tail -1 "$work/time")  # after "Command exited with …"
  local cpu; cpu=$(echo "$user + $sys" | bc)
  printf '%-4s %6.2f s wall %6.2f s CPU %5d MB peak RSS, %s findings\n' "$1" "$wall" "$cpu" \
    $((rss / 1024)) "$(grep -c '"check_id"' "$work/out/scan.json")"
  echo "$wall $cpu" >> "$work/$1"
}
for r in $(seq 1 "$runs"); do
  run json json
  run all json,html,csv,junit,sarif
done
python3 - "$work/json" "$work/all" <<'PY'
import statistics, sys
med = lambda f, k: statistics.median(float(l.split()[k]) for l in open(f))
for k, what in ((0, "wall"), (1, "CPU")):
    j, a = med(sys.argv[1], k), med(sys.argv[2], k)
    print(f"median {what}: json only {j:.2f} s, every format {a:.2f} s, ratio {a / j:.2f}")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
