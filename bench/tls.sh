#!/usr/bin/env bash
# secaudit's TLS scan beside sslscan and nmap ssl-enum-ciphers (testssl.sh is left out: ~11 s) on
# the same loopback openssl s_server targets: do they agree on the accepted versions (and, with
# nmap, which names suites the IANA way, on the TLS 1.2 suites), and how long does each whole
# process take?
#   bench/tls.sh            # needs target/secaudit.jar (mvn -o package -DskipTests), openssl,
#                           # sslscan and nmap (apt-get install sslscan nmap)
# Prints a markdown table for docs/benchmarks.md; raw outputs go to bench/out/tls/.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/secaudit.jar
[ -f "$jar" ] || { echo "bench: build first: mvn -q -o package -DskipTests" >&2; exit 1; }
for tool in openssl sslscan nmap python3; do
  command -v "$tool" >/dev/null || { echo "bench: install $tool (apt-get install $tool)" >&2; exit 1; }
done
runs=${RUNS:-5}
out=bench/out/tls; mkdir -p "$out"
work="$(mktemp -d)"; pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

declare -A args=(
  [mixed]="-cipher ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA"
  [legacy]="-min_protocol TLSv1 -cipher DEFAULT:@SECLEVEL=0"
  [tls13]="-tls1_3"
)
declare -A port
for name in mixed legacy tls13; do
  p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # shellcheck disable=SC2086
  openssl s_server -accept "127.0.0.1:$p" -cert "$work/cert.pem" -key "$work/key.pem" -www \
    ${args[$name]} > "$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do grep -q ACCEPT "$work/$name.log" && break; sleep 0.1; done
  port[$name]=$p
done

median() { python3 -c 'import sys,statistics; print("%.2f" % statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
timed() { # timed NAME CMD... : median wall time of $runs runs, last output kept
  local name=$1; shift; local t=()
  for _ in $(seq 1 "$runs"); do
    local s; s=$(date +%s.%N)
    "$@" > "$out/$name.out" 2>&1 || true
    t+=("$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$s" "$(date +%s.%N)")")
  done
  median "${t[@]}"
}

echo "| target | tool | versions accepted | TLS 1.2 suites | median s | x secaudit |"
echo "| --- | --- | --- | --- | --- | --- |"
for name in mixed legacy tls13; do
  p=${port[$name]}
  cat > "$work/$name.yaml" <<YAML
version: 1
name: bench-$name
targets: [{name: t, url: "https://127.0.0.1:$p/"}]
tls: {certificate: {require_trusted: false}}
YAML
  ts=$(timed "$name-secaudit" java -XX:TieredStopAtLevel=1 -jar "$jar" scan -q -p "$work/$name.yaml" \
    -o "$work/$name-out" -f json)
  tss=$(timed "$name-sslscan" sslscan --no-colour --xml="$work/$name-sslscan.xml" "127.0.0.1:$p")
  tn=$(timed "$name-nmap" nmap -Pn -n -p "$p" --script ssl-enum-ciphers 127.0.0.1)
  python3 - "$name" "$work" "$out" "$ts" "$tss" "$tn" <<'PY'
import json, re, sys, xml.etree.ElementTree as ET
name, work, out, ts, tss, tn = sys.argv[1:]
scan = json.load(open(f"{work}/{name}-out/scan.json"))
versions, suites12 = [], []
for a in scan["artifacts"]:
    if a["kind"] == "tls-hello" and " accepted" in a["summary"]:
        versions.append(a["summary"].split(" accepted")[0])
for f in scan["findings"]:
    if f["check_id"] == "tls.ciphers" and f["subject"].startswith("TLS 1.2 TLS_"):
        suites12.append(f["subject"][len("TLS 1.2 "):])
x = ET.parse(f"{work}/{name}-sslscan.xml").getroot()
ss = []
for pr in x.iter("protocol"):
    if pr.get("enabled") == "1":
        ss.append(("SSLv" if pr.get("type") == "ssl" else "TLS ") + pr.get("version"))
ss12 = [c.get("cipher") for c in x.iter("cipher") if c.get("sslversion") == "TLSv1.2"
        and c.get("status") in ("accepted", "preferred")]
nm = open(f"{out}/{name}-nmap.out").read()
nv, n12, cur = [], [], None
for line in nm.splitlines():
    m = re.match(r"\|\s+(TLSv1\.\d|SSLv\d):", line)
    if m:
        cur = m.group(1).replace("TLSv", "TLS "); nv.append(cur); continue
    m = re.match(r"\|\s+(TLS_\w+)", line)
    if m and cur == "TLS 1.2":
        n12.append(m.group(1))
def row(tool, v, s, t, same):
    print(f"| {name} | {tool} | {', '.join(v)} | {s} | {t} | {float(t)/float(ts):.1f} |")
row("secaudit", versions, len(suites12), ts, True)
row("sslscan", ss, len(ss12), tss, ss == versions)
row("nmap ssl-enum-ciphers", nv, f"{len(n12)}" + (" (same set)" if sorted(n12) == sorted(suites12) else f" (differs: {sorted(set(n12) ^ set(suites12))})"), tn, nv == versions)
PY
done
