#!/usr/bin/env bash
# How many targets to probe at once: 100 TLS hosts (bench/fleet-nginx.sh) each behind
# bench/delay-proxy.py (DELAY_MS each way, 10 by default: a 20 ms round trip, as to a nearby data
# centre), scanned with settings.concurrency at each of LEVELS, and on bare loopback at 8 and the
# default, in interleaved rounds (bench/paired.py). Checks that every level judged the same
# findings (status, expected and observed values), and prints wall time, CPU, peak RSS and the
# speed-up over 8 targets at a time.
#   bench/fleet-latency.sh    # needs target/secaudit.jar (mvn -o package -DskipTests; or
#                             # JAR=path), nginx, openssl, python3 (apt-get install nginx)
#   LEVELS="8 32" ROUNDS=5 DELAY_MS=25 bench/fleet-latency.sh
#   LEVELS="8 32 32/4" BASELINE=old/secaudit.jar bench/fleet-latency.sh
#       # 32/4: 32 targets at a time, settings.per_host 4; BASELINE: an older build's jar, run
#       # first at 8 at a time and at its defaults (with an AppCDS archive of its own), and the
#       # per-round ratios printed against its default as well
# Prints markdown for docs/benchmarks.md; raw timings go to bench/out/fleet-latency/.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${JAR:-$PWD/target/secaudit.jar}
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

policy() { # policy FILE PORT [CONCURRENCY[/PER_HOST]]: the fleet's TLS policy (none: the defaults)
  local c=${3:-} h=
  c=${c%%/*}
  [ "${3:-}" != "$c" ] && h=${3#*/}
  {
    echo "version: 1"
    echo "name: bench-fleet"
    if [ -n "$h" ]; then echo "settings: {concurrency: $c, per_host: $h}"
    elif [ -n "$c" ]; then echo "settings: {concurrency: $c}"; fi
    echo "targets:"
    for i in $(seq 2 $((hosts + 1))); do echo "  - {name: h$i, url: \"127.0.0.$i:$2\"}"; done
    echo "tls: {certificate: {require_trusted: false, require_hostname_match: false}}"
  } > "$1"
}
jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)
policy "$work/train.yaml" "$port" 8
launcher() { # launcher JAR NAME: the java command for JAR, with an AppCDS archive of its own
  java "${jvm[@]}" -XX:ArchiveClassesAtExit="$work/$2.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -jar "$1" scan -q -p "$work/train.yaml" -o "$work/train-$2" -f json > /dev/null 2>&1 || true
  if [ -f "$work/$2.jsa" ]; then
    echo "java ${jvm[*]} -XX:SharedArchiveFile=$work/$2.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -jar $1"
  else
    echo "java ${jvm[*]} -jar $1"
  fi
}
read -r -a java <<< "$(launcher "$jar" secaudit)"

commands=()
if [ -n "${BASELINE:-}" ]; then
  read -r -a base <<< "$(launcher "$(realpath "$BASELINE")" baseline)"
  policy "$work/far-baseline-8.yaml" $((port + 1)) 8
  policy "$work/far-baseline.yaml" $((port + 1))
  commands+=("$((2 * ${DELAY_MS:-10})) ms, baseline build, 8 at a time=${base[*]} scan -q -p $work/far-baseline-8.yaml -o $out/far-baseline-8 -f json")
  commands+=("$((2 * ${DELAY_MS:-10})) ms, baseline build, its default=${base[*]} scan -q -p $work/far-baseline.yaml -o $out/far-baseline -f json")
fi
for c in $levels; do
  policy "$work/far-${c/\//-}.yaml" $((port + 1)) "$c"
  commands+=("$((2 * ${DELAY_MS:-10})) ms, concurrency ${c/\// per_host }=${java[*]} scan -q -p $work/far-${c/\//-}.yaml -o $out/far-${c/\//-} -f json")
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
if [ -n "${BASELINE:-}" ]; then
  python3 - "$out/rounds.json" <<'PY'
import json, statistics, sys
rounds = json.load(open(sys.argv[1]))
results = rounds["runs"]
ref = next(name for name in results if "baseline build, its default" in name)
print("| command | per-round wall ratios to the baseline build's default | median |")
print("| --- | --- | --- |")
for name, runs in results.items():
    ratios = [r["wall"] / b["wall"] for r, b in zip(runs, results[ref])]
    print(f"| {name} | {' '.join(f'{x:.2f}' for x in ratios)} | {statistics.median(ratios):.2f} |")
PY
  echo
fi
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
        # Expected and observed values too: a faster probe must see exactly what the slower one saw.
        value = lambda f, k: json.dumps(f.get(k), sort_keys=True).replace(f":{port + 1}", f":{port}")
        key = sorted((f["check_id"], f["target"], subject(f), f["status"], value(f, "expected"),
                      value(f, "observed")) for f in findings)
        failing = sum(1 for f in findings if f["status"] == "FAIL")
        seen.setdefault(json.dumps(key), []).append(f"{run} ({len(findings)} findings, {failing} FAIL)")
print("findings identical across runs:" if len(seen) == 1 else "findings DIFFER between runs:")
for runs in seen.values():
    print("- " + "; ".join(runs))
PY
