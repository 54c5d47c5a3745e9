#!/usr/bin/env bash
# 100 TLS hosts on loopback (127.0.0.2 .. 127.0.0.101, one nginx process, four protocol setups)
# scanned by one secaudit run vs sslscan run on them one after another; one host vs sslscan;
# secaudit's peak RSS (/usr/bin/time -v); agreement on accepted versions with sslscan (all 100
# hosts), nmap ssl-enum-ciphers and testssl.sh (one host of each setup); and one host again
# behind bench/delay-proxy.py (a loopback relay adding DELAY_MS each way, 10 by default: a 20 ms
# round trip, as to a nearby data centre), since on bare loopback a round trip costs nothing.
#   bench/tls-many.sh       # needs target/secaudit.jar (mvn -o package -DskipTests), nginx,
#                           # openssl, sslscan, nmap, testssl.sh, hyperfine, python3
#                           # (apt-get install nginx sslscan nmap testssl.sh hyperfine)
# Prints markdown for docs/benchmarks.md; raw outputs go to bench/out/tls-many/.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/secaudit.jar
[ -f "$jar" ] || { echo "bench: build first: mvn -q -o package -DskipTests" >&2; exit 1; }
for tool in openssl sslscan nmap testssl hyperfine python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: install $tool" >&2; exit 1; }
done
hosts=${HOSTS:-100}
port=${PORT:-18443}
out=bench/out/tls-many; rm -rf "$out"; mkdir -p "$out"
work="$(mktemp -d)"
trap '[ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT
jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
java=(java "${jvm[@]}" -jar "$jar")

# shellcheck source=bench/fleet-nginx.sh
. bench/fleet-nginx.sh
fleet_nginx "$work" "$hosts" "$port"

{
  echo "version: 1"
  echo "name: bench-many"
  echo "settings: {concurrency: ${CONCURRENCY:-32}}"
  echo "targets:"
  for i in $(seq 2 $((hosts + 1))); do echo "  - {name: h$i, url: \"127.0.0.$i:$port\"}"; done
  echo "tls: {certificate: {require_trusted: false, require_hostname_match: false}}"
} > "$work/many.yaml"
printf 'version: 1\nname: bench-one\ntargets: [{name: h2, url: "127.0.0.2:%s"}]\n%s\n' "$port" \
  "tls: {certificate: {require_trusted: false, require_hostname_match: false}}" > "$work/one.yaml"

# As install.sh does: a start-up archive recorded by one training run, then used by every run.
"${java[@]}" --version > /dev/null
java "${jvm[@]}" -XX:ArchiveClassesAtExit="$work/secaudit.jsa" -jar "$jar" scan -q \
  -p "$work/one.yaml" -o "$work/train" -f json > /dev/null 2>&1 || true
[ -f "$work/secaudit.jsa" ] && java=(java "${jvm[@]}" -XX:SharedArchiveFile="$work/secaudit.jsa" \
  -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar")

echo "## hosts: $hosts, cores: $(nproc), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# 1. Many hosts: secaudit MANY_RUNS times (median wall time, peak RSS of the last run), sslscan
#    one host after another.
runs=()
for r in $(seq 1 "${MANY_RUNS:-5}"); do
  /usr/bin/time -v "${java[@]}" scan -q -p "$work/many.yaml" -o "$out/many" -f json \
    > "$out/secaudit-many.log" 2> "$out/secaudit-many.time" || true
  runs+=("$(python3 - "$out/secaudit-many.time" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", t)
h, mi, s = m.groups()
print("%.2f" % ((int(h or 0) * 60 + int(mi)) * 60 + float(s)))
PY
)")
done
s_many=$(printf '%s\n' "${runs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
s_range="$(printf '%s\n' "${runs[@]}" | sort -n | head -1)-$(printf '%s\n' "${runs[@]}" | sort -n | tail -1)"
rss_many=$(awk -F': ' '/Maximum resident set size/ {print int($2 / 1024)}' "$out/secaudit-many.time")
start=$(date +%s.%N)
for i in $(seq 2 $((hosts + 1))); do
  sslscan --no-colour --xml="$out/sslscan-$i.xml" "127.0.0.$i:$port" > /dev/null 2>&1 || true
done
ss_many=$(python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" \
  "$start" "$(date +%s.%N)")

# 2. One host, side by side (hyperfine: warm-up, several runs).
hyperfine -N --warmup 1 --runs "${RUNS:-5}" --export-json "$out/one.json" \
  -n secaudit "${java[*]} scan -q -p $work/one.yaml -o $work/one-out -f json" \
  -n sslscan "sslscan --no-colour 127.0.0.2:$port" > "$out/hyperfine.txt" 2>&1 || true
/usr/bin/time -v "${java[@]}" scan -q -p "$work/one.yaml" -o "$out/one" -f json \
  > /dev/null 2> "$out/secaudit-one.time" || true
rss_one=$(awk -F': ' '/Maximum resident set size/ {print int($2 / 1024)}' "$out/secaudit-one.time")

# 2b. The same host behind a 20 ms round trip (10 ms each way), through the loopback relay.
python3 bench/delay-proxy.py 127.0.0.2 $((port + 1)) 127.0.0.2 "$port" "${DELAY_MS:-10}" \
  > "$work/proxy.log" 2>&1 &
proxy=$!
for _ in $(seq 1 50); do grep -q listening "$work/proxy.log" 2>/dev/null && break; sleep 0.1; done
sed "s/127.0.0.2:$port/127.0.0.2:$((port + 1))/" "$work/one.yaml" > "$work/far.yaml"
hyperfine -N --warmup 1 --runs "${RUNS:-5}" --export-json "$out/far.json" \
  -n secaudit "${java[*]} scan -q -p $work/far.yaml -o $work/far-out -f json" \
  -n sslscan "sslscan --no-colour 127.0.0.2:$((port + 1))" > "$out/hyperfine-far.txt" 2>&1 || true
kill "$proxy" 2>/dev/null || true

# 3. One host of each setup for the slower peers.
for i in 2 3 4 5; do
  nmap -Pn -n -p "$port" --script ssl-enum-ciphers "127.0.0.$i" > "$out/nmap-$i.out" 2>&1 || true
  testssl --quiet --color 0 -p --jsonfile "$out/testssl-$i.json" "127.0.0.$i:$port" \
    > "$out/testssl-$i.out" 2>&1 || true
done

python3 - "$out" "$hosts" "$s_many" "$ss_many" "$rss_many" "$rss_one" "$s_range" \
  "${DELAY_MS:-10}" <<'PY'
import json, re, sys, xml.etree.ElementTree as ET
out, hosts, s_many, ss_many, rss_many, rss_one, s_range, delay = sys.argv[1:]
hosts = int(hosts)
scan = json.load(open(f"{out}/many/scan.json"))
ours = {}
for a in scan["artifacts"]:
    if a["kind"] == "tls-hello":
        h = int(a["id"].split("/")[0][1:])
        if " accepted" in a["summary"]:
            ours.setdefault(h, []).append(a["summary"].split(" accepted")[0])
def sslscan(h):
    x = ET.parse(f"{out}/sslscan-{h}.xml").getroot()
    return [("SSLv" if p.get("type") == "ssl" else "TLS ") + p.get("version")
            for p in x.iter("protocol") if p.get("enabled") == "1"]
def nmap(h):
    return [m.group(1).replace("TLSv", "TLS ") for m in
            re.finditer(r"^\|\s+(TLSv1\.\d|SSLv\d):", open(f"{out}/nmap-{h}.out").read(), re.M)]
def testssl(h):
    names = {"SSLv2": "SSLv2", "SSLv3": "SSLv3", "TLS1": "TLS 1.0", "TLS1_1": "TLS 1.1",
             "TLS1_2": "TLS 1.2", "TLS1_3": "TLS 1.3"}
    v = []
    try:
        for f in json.load(open(f"{out}/testssl-{h}.json")):
            if f.get("id") in names and f.get("finding", "").startswith("offered"):
                v.append(names[f["id"]])
    except (OSError, ValueError):
        return None
    return v
same = sum(1 for h in range(2, hosts + 2) if sorted(ours.get(h, [])) == sorted(sslscan(h)))
print("| measure | secaudit | sslscan | ratio | goal |")
print("| --- | --- | --- | --- | --- |")
print(f"| {hosts} hosts, whole process, median (range) of runs (s) | {s_many} ({s_range}) | "
      f"{ss_many} (one after another) | {float(ss_many) / float(s_many):.1f}x faster | >= 10x |")
one = {r["command"]: r for r in json.load(open(f"{out}/one.json"))["results"]}
a, b = one["secaudit"]["median"], one["sslscan"]["median"]
print(f"| 1 host, median of hyperfine runs (s) | {a:.2f} | {b:.2f} | {b / a:.2f}x | >= 1x |")
far = {r["command"]: r for r in json.load(open(f"{out}/far.json"))["results"]}
a, b = far["secaudit"]["median"], far["sslscan"]["median"]
print(f"| 1 host at a {2 * int(delay)} ms round trip, median of hyperfine runs (s) | {a:.2f} | "
      f"{b:.2f} | {b / a:.2f}x | (not a goal) |")
print(f"| peak RSS, {hosts} hosts / 1 host (MB) | {rss_many} / {rss_one} | | | <= 256 |")
print(f"| hosts whose accepted versions agree with sslscan | {same}/{hosts} | | | 100% |")
print()
print("| host (setup) | secaudit | sslscan | nmap ssl-enum-ciphers | testssl.sh |")
print("| --- | --- | --- | --- | --- |")
setups = {0: "tls12+13", 1: "tls13", 2: "tls12", 3: "legacy 1.0-1.2"}
for h in (2, 3, 4, 5):
    t = testssl(h)
    print(f"| 127.0.0.{h} ({setups[h % 4]}) | {', '.join(ours.get(h, []))} | "
          f"{', '.join(sslscan(h))} | {', '.join(nmap(h))} | "
          f"{'n/a' if t is None else ', '.join(t)} |")
PY
