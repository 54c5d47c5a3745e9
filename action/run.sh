#!/usr/bin/env bash
# The GitHub Action's step (action.yml): install secaudit's release archive, run 'secaudit scan'
# with the action's inputs, publish outputs and the job summary, and exit with secaudit's code.
# Tested locally with a fake GitHub environment (ActionScriptIT, packaging/test-release.sh).
#
# Inputs (environment): INPUT_POLICY, INPUT_URL, INPUT_FAIL_ON, INPUT_FORMATS, INPUT_OUTPUT,
# INPUT_ARGS, INPUT_ARCHIVE (URL or path of a .tar.gz release; or a secaudit.jar, run with the
# runner's java). GitHub's: RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_PATH, GITHUB_STEP_SUMMARY, and for
# the default archive GITHUB_ACTION_REPOSITORY and GITHUB_ACTION_REF.
set -uo pipefail

die() { echo "::error title=secaudit action::$*"; exit 2; }
: "${RUNNER_TEMP:?RUNNER_TEMP is not set (not running in GitHub Actions?)}"
: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"

archive="${INPUT_ARCHIVE:-}"
if [ -z "$archive" ]; then
  repo="${GITHUB_ACTION_REPOSITORY:-}"; ref="${GITHUB_ACTION_REF:-}"
  case "$ref" in
    v[0-9]*) ;;
    *) die "give 'archive' (the release archive's URL or path): this action's ref '$ref' is not a release tag vX.Y.Z" ;;
  esac
  [ -n "$repo" ] || die "GITHUB_ACTION_REPOSITORY is not set; give 'archive'"
  archive="https://github.com/$repo/releases/download/$ref/secaudit-${ref#v}-linux-x64.tar.gz"
fi

home="$RUNNER_TEMP/secaudit"
case "$archive" in
  *.jar)
    [ -f "$archive" ] || die "no jar at $archive"
    secaudit=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$archive")
    ;;
  *)
    rm -rf "$home" && mkdir -p "$home"
    case "$archive" in
      http://*|https://*)
        curl -fsSL --retry 3 "$archive" -o "$RUNNER_TEMP/secaudit.tar.gz" || die "cannot download $archive"
        archive="$RUNNER_TEMP/secaudit.tar.gz" ;;
    esac
    [ -f "$archive" ] || die "no release archive at $archive"
    tar -xzf "$archive" -C "$home" --strip-components 1 || die "cannot unpack $archive"
    [ -x "$home/bin/secaudit" ] || die "$archive has no bin/secaudit"
    [ -n "${GITHUB_PATH:-}" ] && echo "$home/bin" >> "$GITHUB_PATH"
    secaudit=("$home/bin/secaudit")
    ;;
esac

output="${INPUT_OUTPUT:-secaudit-report}"
args=(scan)
if [ -n "${INPUT_URL:-}" ]; then
  [ -z "${INPUT_POLICY:-}" ] || die "give either 'policy' or 'url', not both"
  args+=("$INPUT_URL")
elif [ -n "${INPUT_POLICY:-}" ]; then
  args+=(--policy "$INPUT_POLICY")
fi
args+=(-o "$output" --fail-on "${INPUT_FAIL_ON:-low}" --format "${INPUT_FORMATS:-json,html,csv,junit,sarif}" --color never)
if [ -n "${INPUT_ARGS:-}" ]; then
  read -r -a extra <<< "$INPUT_ARGS"
  args+=("${extra[@]}")
fi

log="$RUNNER_TEMP/secaudit-scan.log"
GITHUB_ACTIONS=true "${secaudit[@]}" "${args[@]}" | tee "$log"
code=${PIPESTATUS[0]}

{
  echo "exit-code=$code"
  echo "report-dir=$output"
  if [ -f "$output/results.sarif" ]; then echo "sarif=$output/results.sarif"; else echo "sarif="; fi
} >> "$GITHUB_OUTPUT"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### secaudit scan (exit $code)"
    echo
    echo '```'
    # The console summary, without the workflow commands GitHub already shows as annotations.
    grep -v '^::' "$log"
    echo '```'
  } >> "$GITHUB_STEP_SUMMARY"
fi
exit "$code"
