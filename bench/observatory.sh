#!/usr/bin/env bash
# Agreement of secaudit's header verdicts with MDN HTTP Observatory (npm
# @mdn/mdn-http-observatory 1.4.8), offline: nginx serves five sites on loopback, with header
# sets modelled on the deployments of the five seed pages (policies/), each on a plain-HTTP and
# an HTTPS port; Observatory's own retriever and tests scan them (bench/observatory.mjs), and
# secaudit scans them with a policy aligned to Observatory's tests. A verdict pair is site x
# Observatory test; it agrees when both pass or both fail. Loopback only, nothing else is asked.
#   bench/observatory.sh
# Needs nginx, openssl, node and npm (Observatory is installed into a temporary folder with
# --ignore-scripts: its postinstall downloads the HSTS preload and TLD lists, which are not
# needed here; an empty preload list is written, and no loopback host is preloaded), and
# target/secaudit.jar (mvn -q -o package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${SECAUDIT_JAR:-target/secaudit.jar}
[ -f "$jar" ] || { echo "bench: build first: mvn -q -o package -DskipTests" >&2; exit 1; }
work="$(mktemp -d)"; chmod 755 "$work"
nginx_pid=""
cleanup() { [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

(cd "$work" && npm install --silent --ignore-scripts --no-audit --no-fund \
  @mdn/mdn-http-observatory@1.4.8 >/dev/null)
echo '{}' > "$work/node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1,DNS:localhost -days 2 -keyout "$work/key.pem" \
  -out "$work/cert.pem" 2>/dev/null
mkdir -p "$work/www" "$work/tmp"

# Each site: name, plain port, TLS port, what plain HTTP does, the add_header lines, the page.
sites=(cellm celune chatscontrol image-analysis klemento)
base=18440
declare -A plain headers page
plain[cellm]='return 301 https://127.0.0.1:$TLS$request_uri;'
headers[cellm]='add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
  add_header X-Content-Type-Options nosniff always;
  add_header Referrer-Policy strict-origin-when-cross-origin always;'
page[cellm]='<html><head><title>Cellm</title></head><body>Cellm</body></html>'
plain[celune]='return 301 https://127.0.0.1:$TLS$request_uri;'
headers[celune]='add_header Strict-Transport-Security "max-age=63072000; includeSubDomains; preload" always;
  add_header Content-Security-Policy "default-src '"'self'"'; object-src '"'none'"'; base-uri '"'self'"'; frame-ancestors '"'none'"'; form-action '"'self'"'" always;
  add_header X-Frame-Options DENY always;
  add_header X-Content-Type-Options nosniff always;
  add_header Referrer-Policy no-referrer always;
  add_header Set-Cookie "session=s3cr3t; Path=/; Secure; HttpOnly; SameSite=Lax" always;'
page[celune]='<html><head><title>Celune</title><script src="/app.js"></script></head><body>Celune</body></html>'
plain[chatscontrol]='return 302 https://127.0.0.1:$TLS/;'
headers[chatscontrol]='add_header Strict-Transport-Security "max-age=300" always;
  add_header Content-Security-Policy "default-src '"'self'"'; script-src '"'self'"' '"'unsafe-inline'"'" always;
  add_header X-Content-Type-Options nosniff always;
  add_header Access-Control-Allow-Origin "*" always;
  add_header Set-Cookie "chat_session=abc123; Path=/; HttpOnly" always;'
page[chatscontrol]='<html><head><title>ChatsControl</title></head><body>API</body></html>'
plain[image-analysis]='root WWW; default_type text/html; try_files /image-analysis.html =404;'
headers[image-analysis]='add_header Referrer-Policy unsafe-url always;'
page[image-analysis]='<html><head><title>Image analysis</title><script src="https://cdn.example.net/lib.js"></script></head><body>Upload</body></html>'
plain[klemento]='return 301 https://127.0.0.1:$TLS$request_uri;'
headers[klemento]='add_header Strict-Transport-Security "max-age=15768000" always;
  add_header Content-Security-Policy "default-src '"'self'"' https:; script-src '"'self'"' '"'unsafe-eval'"'; object-src '"'none'"'" always;
  add_header X-Frame-Options SAMEORIGIN always;
  add_header X-Content-Type-Options nosniff always;
  add_header Referrer-Policy same-origin always;
  add_header Set-Cookie "__Host-sid=xyz; Path=/; Secure; HttpOnly; SameSite=Strict" always;'
page[klemento]='<html><head><title>Klemento</title><script src="https://js.stripe.example/v3/" integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC" crossorigin="anonymous"></script></head><body>Klemento</body></html>'

servers=""
args=()
i=0
for s in "${sites[@]}"; do
  http=$((base + 2 * i)); tls=$((base + 2 * i + 1)); i=$((i + 1))
  printf '%s\n' "${page[$s]}" > "$work/www/$s.html"
  p="${plain[$s]//\$TLS/$tls}"; p="${p//WWW/$work/www}"
  servers+="
  server { listen 127.0.0.1:$http; $p }
  server {
    listen 127.0.0.1:$tls ssl;
    ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem;
    root $work/www; default_type text/html;
    ${headers[$s]}
    location = / { try_files /$s.html =404; }
    location = /robots.txt { return 404; }
  }"
  args+=("$s:$http:$tls")
  cat > "$work/$s.yaml" <<YAML
version: 1
name: observatory-$s
targets:
  - {name: $s, url: "https://127.0.0.1:$tls/", http_url: "http://127.0.0.1:$http/"}
tls: {certificate: {ca_file: $work/cert.pem, min_days_left: 1}}
https: {redirect: true}
hsts: {min_max_age: 15768000}
csp: {required: true, must_avoid: ["'unsafe-inline'", "'unsafe-eval'"]}
framing: {required: true}
headers:
  X-Content-Type-Options: {value: nosniff}
  Referrer-Policy: {value_any_of: [no-referrer, same-origin, strict-origin, strict-origin-when-cross-origin]}
cors: {}
cookies:
  - {name: "*", secure: true, http_only: true}
subprocessors: {declared: [{name: Hosting, purpose: hosting}]}
YAML
done
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/tmp/body; proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fcgi; uwsgi_temp_path $work/tmp/uwsgi; scgi_temp_path $work/tmp/scgi;
  $servers
}
CONF
nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' & nginx_pid=$!
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$base) 2>/dev/null && break; sleep 0.1; done

NODE_EXTRA_CA_CERTS="$work/cert.pem" OBSERVATORY_HOME="$work" \
  node bench/observatory.mjs "${args[@]}" > "$work/theirs"
for s in "${sites[@]}"; do
  java -XX:TieredStopAtLevel=1 -jar "$jar" scan -q -p "$work/$s.yaml" -o "$work/out-$s" -f json \
    >/dev/null 2>&1 || true
done
python3 - "$work" "${sites[@]}" <<'PY'
import json, sys
work, sites = sys.argv[1], sys.argv[2:]
# Observatory test -> the secaudit findings that answer it (any FAIL fails the pair).
MAP = {
    "content-security-policy": lambda f: f["check_id"].startswith("csp."),
    "cookies": lambda f: f["check_id"].startswith("cookie."),
    "cross-origin-resource-sharing": lambda f: f["check_id"] == "cors.origin",
    "redirection": lambda f: f["check_id"] in ("https.redirect",),
    "referrer-policy": lambda f: f["check_id"] == "header.rule" and f["subject"].startswith("Referrer-Policy"),
    "strict-transport-security": lambda f: f["check_id"] in ("hsts.header", "hsts.max_age"),
    "subresource-integrity": lambda f: f["check_id"] == "subprocessors.sri",
    "x-content-type-options": lambda f: f["check_id"] == "header.rule" and f["subject"].startswith("X-Content-Type-Options"),
    "x-frame-options": lambda f: f["check_id"] == "header.framing",
}
theirs = {}
for line in open(f"{work}/theirs"):
    site, test, verdict, result = line.split()[:4]
    theirs[(site, test)] = (verdict, result)
pairs = agree = 0
for s in sites:
    findings = json.load(open(f"{work}/out-{s}/scan.json"))["findings"]
    for test, pick in MAP.items():
        if (s, test) not in theirs:
            continue
        mine = [f for f in findings if pick(f)]
        if not mine:
            ours = "n/a"
        else:
            ours = "fail" if any(f["status"] in ("FAIL", "WARN", "ERROR") for f in mine) else "pass"
        verdict, result = theirs[(s, test)]
        if ours == "n/a":
            print(f"  not judged by secaudit: {s} {test} (Observatory: {verdict} {result})")
            continue
        pairs += 1
        if ours == verdict:
            agree += 1
        else:
            why = "; ".join(f'{f["check_id"]} {f["status"]}: {f["observed"][:90]}' for f in mine)
            print(f"  differs: {s} {test}: Observatory {verdict} ({result}); secaudit {ours}: {why}")
print(f"MDN HTTP Observatory 1.4.8: {len(sites)} sites, {pairs} verdict pairs, {agree} agree"
      f" ({100.0 * agree / pairs:.1f} %)")
PY
