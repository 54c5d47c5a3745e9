#!/usr/bin/env bash
# One loopback host, side by side: secaudit with the full demo policy (every section: TLS,
# redirect, HSTS, CSP, headers, cookies, CORS, security.txt, claims, the at-rest configs,
# retention and log hygiene; the default report formats) and with a TLS-only policy, beside
# sslscan, nmap ssl-enum-ciphers (and testssl.sh with TESTSSL=1), all against one nginx that
# serves the demo site (TLS 1.2 + 1.3, the same headers, cookies and pages as `secaudit demo`).
# Each round runs every tool once, in turn (bench/paired.py), so each sees the same load; the
# medians of the per-round ratios are what to read on a shared machine.
#   bench/one-host.sh     # needs target/secaudit.jar (mvn -o package -DskipTests), nginx, openssl,
#                         # sslscan, nmap, python3 (apt-get install nginx sslscan nmap; testssl.sh)
#   ROUNDS=20 SECAUDIT="secaudit" bench/one-host.sh   # the installed launcher instead of the jar
#   BASELINE="java -jar old.jar" bench/one-host.sh    # also an older build (both policies), in
#                                                     # the same rounds
#   DELAY_MS=10 bench/one-host.sh   # every tool reaches nginx through bench/delay-proxy.py, which
#                                   # holds each chunk 10 ms each way: a host 20 ms away
# Without SECAUDIT the jar runs as the installed launcher runs it: C1 only, the serial collector,
# an AppCDS archive recorded by a `demo --quiet` training run (as install.sh records it).
# Prints markdown for docs/benchmarks.md; raw timings go to bench/out/one-host/.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$PWD/target/secaudit.jar
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "bench: install nginx (apt-get install nginx)" >&2; exit 1; }
for tool in openssl sslscan nmap python3; do
  command -v "$tool" >/dev/null || { echo "bench: install $tool (apt-get install $tool)" >&2; exit 1; }
done
out=$PWD/bench/out/one-host; rm -rf "$out"; mkdir -p "$out"
work="$(mktemp -d)"
trap '[ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
https_port=$(free_port); http_port=$(free_port)
# What the tools connect to: nginx itself, or a relay a round trip away (DELAY_MS each way).
public_https=$https_port; public_http=$http_port
if [ -n "${DELAY_MS:-}" ]; then
  public_https=$(free_port); public_http=$(free_port)
  printf '127.0.0.1 %s 127.0.0.1 %s\n127.0.0.1 %s 127.0.0.1 %s\n' "$public_https" "$https_port" \
    "$public_http" "$http_port" > "$work/routes"
  python3 bench/delay-proxy.py --map "$work/routes" "$DELAY_MS" > "$work/relay.log" 2>&1 &
  relay_pid=$!
  trap '[ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; kill "$relay_pid" 2>/dev/null; rm -rf "$work"' EXIT
fi

if [ -n "${SECAUDIT:-}" ]; then
  read -r -a secaudit <<< "$SECAUDIT"
  version=("${secaudit[@]}")
else
  [ -f "$jar" ] || { echo "bench: build first: mvn -q -o package -DskipTests" >&2; exit 1; }
  jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)
  (cd "$work" && java "${jvm[@]}" -XX:ArchiveClassesAtExit="$work/secaudit.jsa" -Xlog:cds=off \
    -Xlog:cds+dynamic=off -jar "$jar" demo --quiet -o "$work/train" > /dev/null 2>&1) || true
  secaudit=(java "${jvm[@]}" -jar "$jar")
  # As the launcher runs --version: without the archive (relocating it costs more than it saves).
  version=(java "${jvm[@]}" -jar "$jar")
  [ -f "$work/secaudit.jsa" ] && secaudit=(java "${jvm[@]}" -XX:SharedArchiveFile="$work/secaudit.jsa" \
    -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar")
fi

# The demo's policy and its at-rest files, pointed at nginx instead of the demo's own server.
"${secaudit[@]}" demo --quiet -o "$work/demo" > /dev/null 2>&1 || true
sed -E -e "s#url: https://127.0.0.1:[0-9]+#url: https://127.0.0.1:$public_https#" \
  -e "s#http_url: http://127.0.0.1:[0-9]+#http_url: http://127.0.0.1:$public_http#" \
  "$work/demo/policy.yaml" > "$work/demo/full.yaml"
cat > "$work/demo/tls.yaml" <<YAML
version: 1
name: one-host-tls
targets: [{name: demo, url: "https://127.0.0.1:$public_https"}]
tls: {min_version: "1.2", certificate: {ca_file: demo-ca.pem, min_days_left: 14}}
YAML

# A CA of the bench's own (written where the demo policy expects its CA) and a leaf for 127.0.0.1.
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=bench-ca -keyout "$work/ca.key" \
  -out "$work/demo/demo-ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout "$work/key.pem" \
  -out "$work/leaf.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' > "$work/leaf.ext"
openssl x509 -req -in "$work/leaf.csr" -CA "$work/demo/demo-ca.pem" -CAkey "$work/ca.key" \
  -CAcreateserial -days 30 -extfile "$work/leaf.ext" -out "$work/cert.pem" 2>/dev/null

mkdir -p "$work/www/.well-known"
expires=$(date -u -d '+180 days' +%Y-%m-%dT%H:%M:%SZ)
printf 'Contact: mailto:security@demo.secaudit.test\nExpires: %s\nPreferred-Languages: en\nCanonical: https://127.0.0.1:%s/.well-known/security.txt\n' \
  "$expires" "$public_https" > "$work/www/.well-known/security.txt"
cat > "$work/www/index.html" <<'HTML'
<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:; frame-ancestors 'none'">
<title>Demo Corp</title><script src="https://cdn.example.com/analytics.js"></script></head>
<body><h1>Demo Corp</h1><a href="/login">Sign in</a></body></html>
HTML
printf '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body><form method="post" action="/login"><input type="password" name="password"></form></body></html>\n' \
  > "$work/www/login.html"
csp="default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.example.com; object-src 'none'; frame-ancestors 'none'"
cat > "$work/site-headers.conf" <<CONF
add_header X-Powered-By Express always;
add_header Strict-Transport-Security "max-age=86400" always;
add_header Content-Security-Policy "$csp" always;
add_header X-Content-Type-Options nosniff always;
add_header Referrer-Policy strict-origin-when-cross-origin always;
CONF
cookies='add_header Set-Cookie "session=bench-session-value; Path=/; Secure; HttpOnly; SameSite=Lax" always;
add_header Set-Cookie "_tracking=bench-tracking-value; Path=/; Max-Age=63072000" always;
add_header Set-Cookie "__Host-csrf=bench-csrf-value; Path=/; Secure; SameSite=Strict" always;'
cat > "$work/nginx.conf" <<CONF
worker_processes 1; pid $work/nginx.pid; error_log $work/error.log;
events { worker_connections 256; }
http {
  access_log off; default_type text/html; server_tokens on;
  server { listen 127.0.0.1:$http_port; return 301 https://127.0.0.1:$public_https\$request_uri; }
  server {
    listen 127.0.0.1:$https_port ssl; root $work/www;
    ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3; ssl_ciphers HIGH:!aNULL;
    include $work/site-headers.conf;
    location = / { include $work/site-headers.conf; $cookies try_files /index.html =404; }
    location = /login { include $work/site-headers.conf; $cookies
      add_header X-Frame-Options DENY always; add_header Cache-Control no-store always;
      try_files /login.html =404; }
    location /api/ { include $work/site-headers.conf; default_type application/json;
      add_header Access-Control-Allow-Origin \$http_origin always;
      add_header Access-Control-Allow-Credentials true always; add_header Vary Origin always;
      return 200 '{"id":"u_1001","name":"Ada Example"}'; }
    location = /.well-known/security.txt { include $work/site-headers.conf; default_type text/plain; }
  }
}
CONF
"$nginx" -c "$work/nginx.conf" -p "$work" -e "$work/error.log"
for _ in $(seq 1 50); do [ -s "$work/nginx.pid" ] && break; sleep 0.1; done

scan() { echo "${secaudit[*]} scan -q -p $work/demo/$1.yaml -o $work/out-$1 ${2:-}"; }
# One scan of each kept for its findings (what each run judged), then the timed rounds.
"${secaudit[@]}" scan -q -p "$work/demo/full.yaml" -o "$out/full" > "$out/full.log" 2>&1 || true
"${secaudit[@]}" scan -q -p "$work/demo/tls.yaml" -o "$out/tls" -f json > "$out/tls.log" 2>&1 || true
sslscan --no-colour "127.0.0.1:$public_https" > "$out/sslscan.out" 2>&1 || true
echo "## one host: nginx 1.22 (TLS 1.2 + 1.3)${DELAY_MS:+, $((2 * DELAY_MS)) ms away}, cores: $(nproc)"
echo
python3 bench/paired.py "${ROUNDS:-15}" "$out/rounds.json" \
  "sslscan=sslscan --no-colour 127.0.0.1:$public_https" \
  "secaudit full policy=$(scan full)" \
  "secaudit TLS policy, scan.json only=$(scan tls '-f json')" \
  "nmap ssl-enum-ciphers=nmap -Pn -n -p $public_https --script ssl-enum-ciphers 127.0.0.1" \
  "secaudit --version=${version[*]} --version" \
  ${BASELINE:+"baseline full policy=$BASELINE scan -q -p $work/demo/full.yaml -o $work/out-base"} \
  ${BASELINE:+"baseline TLS policy, scan.json only=$BASELINE scan -q -p $work/demo/tls.yaml -o $work/out-base-tls -f json"}
if [ "${TESTSSL:-0}" = 1 ] && command -v testssl > /dev/null; then
  echo
  python3 bench/paired.py 3 "$out/testssl.json" \
    "sslscan=sslscan --no-colour 127.0.0.1:$public_https" \
    "secaudit full policy=$(scan full)" \
    "testssl.sh -p -S -h=testssl --quiet --color 0 -p -S -h 127.0.0.1:$public_https"
fi
echo
python3 - "$out/full/scan.json" <<'PY'
import collections, json, sys
findings = json.load(open(sys.argv[1]))["findings"]
tally = collections.Counter(f["status"] for f in findings)
print(f"full policy: {len(findings)} findings (" + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())) + ")")
PY
