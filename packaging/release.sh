#!/usr/bin/env bash
# Builds the self-contained release from the packaged jar (run by 'mvn -Prelease package'):
#
#   target/secaudit-VERSION-linux-x64.tar.gz   bin/secaudit, its own trimmed Java runtime (jlink),
#                                              the jar, the start-up archive (AppCDS), completion
#                                              and man pages; runs wherever it is unpacked
#   target/secaudit_VERSION_amd64.deb          the same tree in /usr/lib/secaudit, /usr/bin/secaudit,
#                                              completion and man pages where Debian looks for them
#
# Usage: packaging/release.sh VERSION TARGET_DIR   (TARGET_DIR holds secaudit.jar and shell/)
set -euo pipefail

version="$1"
target="$(cd "$2" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tool() { if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/$1" ]; then echo "$JAVA_HOME/bin/$1"; else command -v "$1"; fi; }
say() { printf 'release: %s\n' "$*"; }

jar="$target/secaudit.jar"
shell="$target/shell"
[ -f "$jar" ] || { echo "release: no $jar (run mvn package first)" >&2; exit 1; }
# The shaded jar, with its dependencies inside, not the plain one shade replaces.
"$(tool jar)" tf "$jar" | grep -q '^com/fasterxml/jackson/databind/ObjectMapper.class$' \
  || { echo "release: $jar holds no dependencies (not the shaded jar?)" >&2; exit 1; }
[ -f "$shell/completion/secaudit.bash" ] || { echo "release: no completion in $shell" >&2; exit 1; }
ls "$shell"/man/*.1 >/dev/null 2>&1 || { echo "release: no man pages in $shell/man (asciidoctor skipped?)" >&2; exit 1; }

name="secaudit-$version"
work="$target/release"
stage="$work/$name"
rm -rf "$work"
mkdir -p "$stage/bin" "$stage/lib" "$stage/share/bash-completion/completions" \
  "$stage/share/zsh/site-functions" "$stage/share/man/man1"

# The modules the jar's classes refer to, as jdeps reads them, plus two it cannot see because
# they are only looked up as services: jdk.crypto.ec (the EC groups and ECDSA of TLS handshakes)
# and jdk.charsets (pages served in charsets outside java.base's few).
modules="$("$(tool jdeps)" --ignore-missing-deps --print-module-deps --multi-release 17 "$jar"),jdk.crypto.ec,jdk.charsets"
say "runtime modules: $modules"
"$(tool jlink)" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --generate-cds-archive --output "$stage/runtime"
# The base CDS archive for heaps over 32 GB (no compressed oops); a command line tool never has one.
rm -f "$stage/runtime/lib/server/classes_nocoops.jsa"
echo "$modules" > "$stage/runtime/modules.txt"

cp -p "$jar" "$stage/lib/secaudit.jar"
install -m 755 "$here/secaudit" "$stage/bin/secaudit"
install -m 644 "$shell/completion/secaudit.bash" "$stage/share/bash-completion/completions/secaudit"
install -m 644 "$shell/completion/_secaudit" "$stage/share/zsh/site-functions/_secaudit"
install -m 644 "$shell"/man/*.1 "$stage/share/man/man1/"
cp "$here/../LICENSE" "$stage/LICENSE"

# The start-up archive, recorded by a training run of the demo with the launcher's options and the
# jar under the launcher's path (/proc/self/fd/9, see bin/secaudit), so it serves every copy.
say "recording the start-up archive (AppCDS) from a demo run"
train="$(mktemp -d)"
(
  cd "$train"
  exec 9<"$stage/lib"
  "$stage/runtime/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -XX:ArchiveClassesAtExit="$stage/lib/secaudit.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -cp /proc/self/fd/9/secaudit.jar dev.secaudit.cli.Main demo --quiet -o "$train/out" >/dev/null
)
rm -rf "$train"
[ -f "$stage/lib/secaudit.jsa" ] || { echo "release: the start-up archive was not written" >&2; exit 1; }

archive="$target/$name-linux-x64.tar.gz"
tar -C "$work" --owner=0 --group=0 --numeric-owner -czf "$archive" "$name"
say "archive $archive ($(du -h "$archive" | cut -f1))"

# The Debian package: the same tree under /usr/lib/secaudit, found where Debian looks.
deb_root="$work/deb"
mkdir -p "$deb_root/usr/lib" "$deb_root/usr/bin" "$deb_root/DEBIAN" \
  "$deb_root/usr/share/bash-completion/completions" "$deb_root/usr/share/zsh/vendor-completions" \
  "$deb_root/usr/share/man/man1" "$deb_root/usr/share/doc/secaudit"
cp -a "$stage" "$deb_root/usr/lib/secaudit"
rm -rf "$deb_root/usr/lib/secaudit/share" "$deb_root/usr/lib/secaudit/LICENSE"
ln -s ../lib/secaudit/bin/secaudit "$deb_root/usr/bin/secaudit"
install -m 644 "$shell/completion/secaudit.bash" "$deb_root/usr/share/bash-completion/completions/secaudit"
install -m 644 "$shell/completion/_secaudit" "$deb_root/usr/share/zsh/vendor-completions/_secaudit"
for page in "$shell"/man/*.1; do
  gzip -9n < "$page" > "$deb_root/usr/share/man/man1/$(basename "$page").gz"
done
cp "$here/../LICENSE" "$deb_root/usr/share/doc/secaudit/copyright"
size_kb="$(du -sk --exclude=DEBIAN "$deb_root" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size_kb/" "$here/deb-control" > "$deb_root/DEBIAN/control"
deb="$target/secaudit_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip --build "$deb_root" "$deb" >/dev/null
say "package $deb ($(du -h "$deb" | cut -f1))"
