#!/usr/bin/env bash
# Tests the release as a machine without a JDK would use it (run by .ci/run after
# 'mvn -Prelease package'):
#   1. the archive, unpacked in a fresh folder, runs 'secaudit demo' and 'secaudit --version' with
#      JAVA_HOME unset and no java on PATH, from its own runtime, and its start-up archive is used;
#   2. the .deb installs with dpkg -i (as root), puts secaudit in /usr/bin with completion and
#      man pages, runs 'secaudit demo' the same way, and is removed again.
# Java is in /usr/bin on the build machine, so "no java on PATH" is a folder of links to every
# program of /usr/bin and /bin except those that resolve into a JDK (/usr/lib/jvm).
#
# Usage: packaging/test-release.sh TARGET_DIR
set -euo pipefail

target="$(cd "$1" && pwd)"
archive="$(ls "$target"/secaudit-*-linux-x64.tar.gz)"
deb="$(ls "$target"/secaudit_*_amd64.deb)"
work="$(mktemp -d)"
installed=""
cleanup() {
  if [ -n "$installed" ]; then dpkg -r secaudit >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { printf 'test-release: FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'test-release: ok: %s\n' "$*"; }

nojava="$work/nojava-bin"
mkdir -p "$nojava"
for dir in /bin /usr/bin; do
  for f in "$dir"/*; do
    real="$(readlink -f "$f" || true)"
    case "$real" in /usr/lib/jvm/*) continue ;; esac
    [ -x "$f" ] && [ ! -e "$nojava/$(basename "$f")" ] && ln -s "$f" "$nojava/$(basename "$f")"
  done
done
clean_env=(env -i "PATH=$nojava" "HOME=$work/home" LANG=C.UTF-8)
mkdir -p "$work/home"
"${clean_env[@]}" sh -c 'command -v java' >/dev/null 2>&1 && fail "java is still on the clean PATH"
ok "no java on the clean PATH ($(ls "$nojava" | wc -l) programs linked)"

# 1. The archive.
mkdir -p "$work/unpacked" "$work/run1"
tar -C "$work/unpacked" -xzf "$archive"
home="$(ls -d "$work"/unpacked/secaudit-*)"
(cd "$work/run1" && "${clean_env[@]}" "$home/bin/secaudit" demo --quiet -o out > demo.log 2>&1) \
  || { cat "$work/run1/demo.log"; fail "archive: secaudit demo"; }
[ -s "$work/run1/out/report.html" ] || fail "archive: the demo wrote no report.html"
ok "archive: secaudit demo from $(basename "$archive") with its own runtime"
(cd "$work/run1" && "${clean_env[@]}" "$home/bin/secaudit" --version > version.log 2>&1) \
  || fail "archive: secaudit --version"
grep -q '^secaudit ' "$work/run1/version.log" || fail "archive: --version printed $(cat "$work/run1/version.log")"
# Classes mapped from the start-up archive recorded at build time, in a folder it never saw (a
# command: --version alone runs without the archive, see bin/secaudit).
(cd "$work/run1" && "${clean_env[@]}" JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$work/classes.log" \
  "$home/bin/secaudit" checks > checks.log 2>&1) || fail "archive: secaudit checks"
shared="$(grep -c 'shared objects file (top)' "$work/classes.log" || true)"
[ "$shared" -gt 0 ] || fail "archive: the start-up archive was not used"
ok "archive: --version printed $(cat "$work/run1/version.log"); checks mapped $shared classes from the start-up archive"
[ -s "$home/share/bash-completion/completions/secaudit" ] || fail "archive: no bash completion"
[ -s "$home/share/zsh/site-functions/_secaudit" ] || fail "archive: no zsh completion"
[ -s "$home/share/man/man1/secaudit.1" ] || fail "archive: no man page"
ok "archive: completion (bash, zsh) and man pages"

# 2. The Debian package.
if [ "$(id -u)" != 0 ]; then
  echo "test-release: not root: the .deb is not installed here (dpkg -i needs root)"
  exit 0
fi
if dpkg -s secaudit >/dev/null 2>&1; then
  fail "a secaudit package is already installed; remove it first (dpkg -r secaudit)"
fi
dpkg -i "$deb" >/dev/null
installed=1
[ -x /usr/bin/secaudit ] || fail "deb: no /usr/bin/secaudit"
mkdir -p "$work/run2"
(cd "$work/run2" && "${clean_env[@]}" /usr/bin/secaudit demo --quiet -o out > demo.log 2>&1) \
  || { cat "$work/run2/demo.log"; fail "deb: secaudit demo"; }
[ -s "$work/run2/out/report.html" ] || fail "deb: the demo wrote no report.html"
ok "deb: secaudit demo from /usr/bin/secaudit ($(basename "$deb"))"
[ -s /usr/share/bash-completion/completions/secaudit ] || fail "deb: no bash completion"
[ -s /usr/share/zsh/vendor-completions/_secaudit ] || fail "deb: no zsh completion"
[ -s /usr/share/man/man1/secaudit.1.gz ] || fail "deb: no man page"
ok "deb: completion (bash, zsh) and man pages installed"
