#!/usr/bin/env bash
# How many targets to probe at once: 100 TLS hosts (bench/fleet-nginx.sh) each behind
# bench/delay-proxy.py (DELAY_MS each way, 10 by default: a 20 ms round trip, as to a nearby data
# centre), scanned with settings.concurrency at each of LEVELS, and on bare loopback at 8 and the
# default, in interleaved rounds (bench/paired.py). Checks that every level judged the same
# findings, and prints wall time, CPU, peak RSS and the speed-up over 8 targets at a time.
#   bench/fleet-latency.sh    # needs target/secaudit.jar (mvn -o package -DskipTests), nginx,
#                             # openssl, python3 (apt-get install nginx)
#   LEVELS="8 32" ROUNDS=5 DELAY_MS=25 bench/fleet-latency.sh
# Prints markdown for docs/benchmarks.md; raw timings go to bench/out/fleet-latency/.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$PWD/target/secaudit.jar
[ -f "$jar" ] || { echo "bench: build first: mvn -q -o package -DskipTests" >&2; exit 1; }
for tool in openssl python3; do
  command -v "$tool" >/dev/null || { echo "bench: install $tool" >&2; exit 1; }
done
hosts=${HOSTS:-100}
port=${PORT:-28443}
levels=${LEVELS:-8 16 32 64}
out=$PWD/bench/out/fleet-latency; rm -rf "$out"; mkdir -p "$out"
work="$(mktemp -d)"; proxy=
trap '[ -n "$proxy" ] && kill "$proxy" 2>/dev/null; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=bench/fleet-nginx.sh
. bench/fleet-nginx.sh
fleet_nginx "$work" "$hosts" "$port"

for i in $(seq 2 $((hosts + 1))); do echo "127.0.0.$i $((port + 1)) 127.0.0.$i $port"; done > "$work/routes"
python3 bench/delay-proxy.py --map "$work/routes" "${DELAY_MS:-10}" > "$work/proxy.log" 2>&1 &
proxy=$!
for _ in $(seq 1 100); do grep -q listening "$work/proxy.log" 2>/dev/null && break; sleep 0.1; done

policy() { # policy FILE PORT [CONCURRENCY]: the fleet's TLS policy (no concurrency: the default)
  {
    echo "version: 1"
    echo "name: bench-fleet"
    [ -n "${3:-}" ] && echo "settings: {concurrency: $3}"
    echo "targets:"
    for i in $(seq 2 $((hosts + 1))); do echo "  - {name: h$i, url: \"127.0.0.$i:$2\"}"; done
    echo "tls: {certificate: {require_trusted: false, require_hostname_match: false}}"
  } > "$1"
}
jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)
policy "$work/train.yaml" "$port" 8
java "${jvm[@]}" -XX:ArchiveClassesAtExit="$work/secaudit.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -jar "$jar" scan -q -p "$work/train.yaml" -o "$work/train" -f json > /dev/null 2>&1 || true
java=(java "${jvm[@]}" -jar "$jar")
[ -f "$work/secaudit.jsa" ] && java=(java "${jvm[@]}" -XX:SharedArchiveFile="$work/secaudit.jsa" \
  -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar")

commands=()
for c in $levels; do
  policy "$work/far-$c.yaml" $((port + 1)) "$c"
  commands+=("$((2 * ${DELAY_MS:-10})) ms, concurrency $c=${java[*]} scan -q -p $work/far-$c.yaml -o $out/far-$c -f json")
done
policy "$work/far-default.yaml" $((port + 1))
commands+=("$((2 * ${DELAY_MS:-10})) ms, default concurrency=${java[*]} scan -q -p $work/far-default.yaml -o $out/far-default -f json")
policy "$work/near-8.yaml" "$port" 8
policy "$work/near-default.yaml" "$port"
commands+=("loopback, concurrency 8=${java[*]} scan -q -p $work/near-8.yaml -o $out/near-8 -f json")
commands+=("loopback, default concurrency=${java[*]} scan -q -p $work/near-default.yaml -o $out/near-default -f json")

echo "## $hosts TLS hosts, cores: $(nproc)"
echo
python3 bench/paired.py "${ROUNDS:-3}" "$out/rounds.json" "${commands[@]}"
echo
python3 - "$out" "$port" <<'PY'
import json, os, sys
out, port = sys.argv[1], int(sys.argv[2])
seen = {}
for run in sorted(os.listdir(out)):
    path = os.path.join(out, run, "scan.json")
    if os.path.isfile(path):
        findings = json.load(open(path))["findings"]
        # The relay's port differs from nginx's only in the subjects that name the address.
        subject = lambda f: json.dumps(f.get("subject"), sort_keys=True).replace(f":{port + 1}", f":{port}")
        key = sorted((f["check_id"], f["target"], subject(f), f["status"]) for f in findings)
        failing = sum(1 for f in findings if f["status"] == "FAIL")
        seen.setdefault(json.dumps(key), []).append(f"{run} ({len(findings)} findings, {failing} FAIL)")
print("findings identical across runs:" if len(seen) == 1 else "findings DIFFER between runs:")
for runs in seen.values():
    print("- " + "; ".join(runs))
PY
