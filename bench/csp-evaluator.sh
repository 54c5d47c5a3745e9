#!/usr/bin/env bash
# Agreement of secaudit's CSP verdicts with Google's csp-evaluator (npm csp_evaluator 1.1.8),
# offline, over the policies of src/test/resources/csp/real-world.yaml (or a file given, one
# policy per line). Verdict pairs are policy x category (unsafe-inline, unsafe-eval, wildcard or
# scheme, allow-list bypass host, missing script-src/object-src/base-uri, short nonce, http:
# source, IP source): a pair agrees when both tools flag it or neither does.
#   bench/csp-evaluator.sh [policies.txt]
# Needs node and npm (csp_evaluator is installed into a temporary folder) and the compiled
# classes (mvn -q compile).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
if [ $# -ge 1 ]; then cp "$1" "$work/policies.txt"; else
  sed -n 's/^    policy: "\(.*\)"$/\1/p' src/test/resources/csp/real-world.yaml > "$work/policies.txt"
fi
(cd "$work" && npm install --silent --no-audit --no-fund csp_evaluator@1.1.8 >/dev/null)
NODE_PATH="$work/node_modules" node bench/csp-evaluator.js "$work/policies.txt" > "$work/theirs"
mvn -q -o compile >/dev/null
mvn -q -o dependency:build-classpath -Dmdep.outputFile="$work/cp" >/dev/null
jshell --class-path "target/classes:$(cat "$work/cp")" -R-Dpolicies="$work/policies.txt" \
  bench/csp-evaluator.jsh 2>/dev/null > "$work/ours"
python3 - "$work/policies.txt" "$work/theirs" "$work/ours" <<'PY'
import sys
cats = ["unsafe_inline", "unsafe_eval", "wildcard", "bypass", "missing:script-src",
        "missing:object-src", "missing:base-uri", "nonce_length", "http", "ip"]
policies = [l for l in open(sys.argv[1]).read().split("\n") if l]
def read(p):
    s = set()
    for line in open(p):
        i, c = line.split()
        s.add((int(i), c))
    return s
theirs, ours = read(sys.argv[2]), read(sys.argv[3])
pairs = agree = 0
for i in range(len(policies)):
    for c in cats:
        pairs += 1
        if ((i, c) in theirs) == ((i, c) in ours):
            agree += 1
        else:
            who = "csp-evaluator only" if (i, c) in theirs else "secaudit only"
            print(f"  differs: policy {i + 1} {c}: {who}: {policies[i][:110]}")
print(f"csp-evaluator 1.1.8: {len(policies)} policies, {pairs} verdict pairs, {agree} agree"
      f" ({100.0 * agree / pairs:.1f} %)")
PY
