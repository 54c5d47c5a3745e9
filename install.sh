#!/usr/bin/env bash
# Builds secaudit and installs the `secaudit` launcher, its bash and zsh completion and man pages.
#
#   ./install.sh                 # launcher into a bin folder already on PATH (see below)
#   PREFIX=/opt/secaudit ./install.sh   # launcher into $PREFIX/bin, jar into $PREFIX/share/secaudit
#
# Without PREFIX the launcher goes to ~/.local/bin when that folder is on PATH, else to
# /usr/local/bin when it is writable (root), else to ~/.local/bin with a note on adding it to PATH.
# Completion goes to PREFIX/share/bash-completion/completions and PREFIX/share/zsh/site-functions,
# man pages to PREFIX/share/man/man1 (PREFIX being ~/.local or /usr/local as above).
# Safe to run again: it rebuilds and replaces the jar, the launcher and the start-up archive.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
say() { printf 'install.sh: %s\n' "$*"; }
die() { printf 'install.sh: error: %s\n' "$*" >&2; exit 1; }

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$java_bin" >/dev/null 2>&1 || die "no java found; install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)"
java_major="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "${java_major%%.*}" -ge 17 ] 2>/dev/null || die "java $java_major found; secaudit needs Java 17 or newer"
command -v mvn >/dev/null 2>&1 || die "no Maven found; install it (Debian: apt-get install maven)"

on_path() { case ":$PATH:" in *":$1:"*) return 0 ;; *) return 1 ;; esac; }
if [ -n "${PREFIX:-}" ]; then
  bin_dir="$PREFIX/bin"; share_dir="$PREFIX/share/secaudit"
elif on_path "$HOME/.local/bin"; then
  bin_dir="$HOME/.local/bin"; share_dir="$HOME/.local/share/secaudit"
elif [ -w /usr/local/bin ]; then
  bin_dir="/usr/local/bin"; share_dir="/usr/local/share/secaudit"
else
  bin_dir="$HOME/.local/bin"; share_dir="$HOME/.local/share/secaudit"
fi

say "building the jar with Maven (tests are run by: mvn -B verify)"
# Maven 3.8 (Debian's) writes colour resets (ESC[0m) even in batch mode with colour off, so
# its output is kept aside and shown without escape sequences: warnings when it passes, all of
# it when it fails.
build_log="$(mktemp)"
plain() { sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$build_log" | grep -v '^[[:space:]]*$' || true; }
if ! (cd "$here" && mvn -B -q -Dstyle.color=never -DskipTests -Dasciidoctor.skip=false package) \
    >"$build_log" 2>&1; then
  plain >&2; rm -f "$build_log"
  die "the Maven build failed (see above)"
fi
plain; rm -f "$build_log"
jar="$here/target/secaudit.jar"
[ -f "$jar" ] || die "the build did not produce $jar"

mkdir -p "$bin_dir" "$share_dir"
cp "$jar" "$share_dir/secaudit.jar.new"
mv -f "$share_dir/secaudit.jar.new" "$share_dir/secaudit.jar"
say "installed $share_dir/secaudit.jar"

# Start-up: C1 only and the serial collector suit a short-lived CLI; the AppCDS archive (made
# below from a training run) lets the JVM map pre-parsed classes instead of loading them.
# report, merge and period read whole fleets' scans: they start with a small heap that grows
# with the scan, since the default start (1/64 of the RAM) sizes a young generation that a long
# render touches in full. They keep C1 too: the full JIT, with or without -XX:CICompilerCount=2,
# took 1.5x the CPU time of C1 for the 213,500-finding CSV and HTML reports on 2 cores, for no
# clear gain in wall time (docs/benchmarks.md, "Reports at scale", round 4). report grows its heap
# after a full collection to 20 % free, not 40 %: the 427,000-finding HTML peaked ~10 MB lower at
# the same CPU time on a quiet machine (docs/benchmarks.md, session 21); merge and period keep the
# default until they are measured at scale.
jvm_opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
launcher="$bin_dir/secaudit"
cat > "$launcher.new" <<LAUNCHER
#!/bin/sh
# secaudit launcher, written by install.sh; rerun install.sh after updating the sources.
jar="$share_dir/secaudit.jar"
jsa="$share_dir/secaudit.jsa"
heap=
command=
for arg in "\$@"; do
  case "\$arg" in
    -*) continue ;;
    report) heap="-Xms64m -XX:MinHeapFreeRatio=20" ;;
    merge|period) heap=-Xms64m ;;
  esac
  command=\$arg
  break
done
# Without a command (--version, --help) the archive costs more than it saves: this JDK maps it
# at a random address and relocates every pointer in it (60-80 ms), for the few classes such a
# run loads.
if [ -n "\$command" ] && [ -f "\$jsa" ] && [ "\$jsa" -nt "\$jar" ]; then
  exec "$(command -v "$java_bin")" \$heap $jvm_opts -XX:SharedArchiveFile="\$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "\$jar" "\$@"
fi
exec "$(command -v "$java_bin")" \$heap $jvm_opts -jar "\$jar" "\$@"
LAUNCHER
chmod 755 "$launcher.new"
mv -f "$launcher.new" "$launcher"
say "installed launcher $launcher"

# Completion and man pages, generated from the commands by the build (target/shell).
data_dir="$(dirname "$share_dir")"
shell_files="$here/target/shell"
mkdir -p "$data_dir/bash-completion/completions" "$data_dir/zsh/site-functions" "$data_dir/man/man1"
cp "$shell_files/completion/secaudit.bash" "$data_dir/bash-completion/completions/secaudit"
cp "$shell_files/completion/_secaudit" "$data_dir/zsh/site-functions/_secaudit"
cp "$shell_files"/man/*.1 "$data_dir/man/man1/"
say "installed completion ($data_dir/bash-completion/completions/secaudit, $data_dir/zsh/site-functions/_secaudit) and man pages ($data_dir/man/man1, 'man secaudit')"

say "creating the start-up archive (AppCDS) from a training run"
rm -f "$share_dir/secaudit.jsa"
train="$(mktemp -d)"
if (cd "$train" && "$java_bin" $jvm_opts -XX:ArchiveClassesAtExit="$share_dir/secaudit.jsa" \
      -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$share_dir/secaudit.jar" demo --quiet -o "$train/out" >/dev/null 2>&1); then
  say "start-up archive $share_dir/secaudit.jsa"
else
  rm -f "$share_dir/secaudit.jsa"
  say "note: the start-up archive could not be made; secaudit works, only starts slower"
fi
rm -rf "$train"

if on_path "$bin_dir"; then
  say "done: run 'secaudit demo' (or 'secaudit --help')"
else
  say "done: $bin_dir is not on your PATH; run '$launcher demo', or add it:"
  say "  echo 'export PATH=\"$bin_dir:\$PATH\"' >> ~/.profile && export PATH=\"$bin_dir:\$PATH\""
fi
