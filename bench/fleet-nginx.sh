# Sourced by the fleet benchmarks: one nginx serving TLS on 127.0.0.2 .. 127.0.0.(HOSTS+1), PORT,
# in four setups of a quarter of the hosts each, with a throwaway certificate.
#   fleet_nginx WORK HOSTS PORT     # writes WORK/nginx.conf, starts nginx (pid in WORK/nginx.pid)

# Host i gets setup i % 4, so every setup has a quarter of the hosts.
setup() { case $(( $1 % 4 )) in
  0) echo "modern|TLSv1.2 TLSv1.3|HIGH:!aNULL" ;;
  1) echo "tls13|TLSv1.3|HIGH:!aNULL" ;;
  2) echo "tls12|TLSv1.2|ECDHE+AESGCM:DHE+AESGCM" ;;
  3) echo "legacy|TLSv1 TLSv1.1 TLSv1.2|DEFAULT:@SECLEVEL=0" ;;
esac; }

fleet_nginx() {
  local work=$1 hosts=$2 port=$3 nginx
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  [ -x "$nginx" ] || { echo "bench: install nginx (apt-get install nginx)" >&2; exit 1; }
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=bench.test \
    -addext subjectAltName=DNS:bench.test -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  {
    echo "worker_processes 2; pid $work/nginx.pid; error_log $work/error.log;"
    echo "events { worker_connections 1024; }"
    echo "http { access_log off;"
    for i in $(seq 2 $((hosts + 1))); do
      IFS='|' read -r _ protos ciphers <<< "$(setup "$i")"
      echo "  server { listen 127.0.0.$i:$port ssl; ssl_certificate $work/cert.pem;"
      echo "    ssl_certificate_key $work/key.pem; ssl_protocols $protos; ssl_ciphers $ciphers;"
      echo "    location / { return 200 ok; } }"
    done
    echo "}"
  } > "$work/nginx.conf"
  "$nginx" -c "$work/nginx.conf" -p "$work" -e "$work/error.log"
  for _ in $(seq 1 50); do [ -s "$work/nginx.pid" ] && break; sleep 0.1; done
}
