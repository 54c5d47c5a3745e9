#!/usr/bin/env bash
# Agreement of secaudit's cookie model with the http-state parser vectors, offline.
#   bench/http-state.sh /path/to/http-state    # a checkout of github.com/abarth/http-state
# Needs the compiled classes (mvn -q compile) and the Maven class path; prints the agreement
# figure for docs/benchmarks.md and every vector that differs.
set -euo pipefail
cd "$(dirname "$0")/.."
vectors="${1:?usage: bench/http-state.sh /path/to/http-state}/tests/data/parser"
[ -d "$vectors" ] || { echo "bench: no $vectors" >&2; exit 1; }
mvn -q -o compile >/dev/null
cp="$(mktemp)"; trap 'rm -f "$cp"' EXIT
mvn -q -o dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null
jshell --class-path "target/classes:$(cat "$cp")" -R-Dvectors="$vectors" bench/http-state.jsh
