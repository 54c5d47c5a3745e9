#!/usr/bin/env bash
# Sizes and whole-process start-up of the release (after 'mvn -Prelease package'), on loopback:
#   bench/release.sh            # needs hyperfine (apt-get install hyperfine)
# Compares, for 'secaudit --version' and 'secaudit demo --quiet':
#   archive       the unpacked release archive's bin/secaudit (bundled runtime + AppCDS archive)
#   archive-nocds the same tree without lib/secaudit.jsa
#   java -jar     the system JDK running target/secaudit.jar with the launcher's JVM options
# Results go to bench/out/release-*.json; sizes and medians are printed for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
archive="$(ls target/secaudit-*-linux-x64.tar.gz)"
deb="$(ls target/secaudit_*_amd64.deb)"
command -v hyperfine >/dev/null || { echo "bench: install hyperfine" >&2; exit 1; }
out=bench/out; mkdir -p "$out"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

mkdir -p "$work/a" "$work/b"
tar -xzf "$archive" -C "$work/a"
tar -xzf "$archive" -C "$work/b"
a="$(ls -d "$work"/a/secaudit-*)"; b="$(ls -d "$work"/b/secaudit-*)"
rm "$b/lib/secaudit.jsa"

echo "## sizes"
printf '%-40s %s\n' "jar (target/secaudit.jar)" "$(du -h target/secaudit.jar | cut -f1)"
printf '%-40s %s\n' "archive $(basename "$archive")" "$(du -h "$archive" | cut -f1)"
printf '%-40s %s\n' "deb $(basename "$deb")" "$(du -h "$deb" | cut -f1)"
printf '%-40s %s\n' "unpacked archive" "$(du -sh "$a" | cut -f1)"
printf '%-40s %s\n' "  runtime/" "$(du -sh "$a/runtime" | cut -f1)"
printf '%-40s %s\n' "  lib/secaudit.jsa" "$(du -h "$a/lib/secaudit.jsa" | cut -f1)"
echo "runtime modules: $(cat "$a/runtime/modules.txt")"

opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
cd "$work"
hyperfine -N --warmup 2 --runs 10 --export-json "$OLDPWD/$out/release-version.json" \
  -n archive "$a/bin/secaudit --version" \
  -n archive-nocds "$b/bin/secaudit --version" \
  -n "java -jar" "java $opts -jar $OLDPWD/target/secaudit.jar --version"
hyperfine --warmup 1 --runs 5 --export-json "$OLDPWD/$out/release-demo.json" \
  -n archive "$a/bin/secaudit demo --quiet -o $work/o1" \
  -n archive-nocds "$b/bin/secaudit demo --quiet -o $work/o2" \
  -n "java -jar" "java $opts -jar $OLDPWD/target/secaudit.jar demo --quiet -o $work/o3"
uptime
