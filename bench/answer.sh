#!/usr/bin/env bash
# Whole-process timing of 'secaudit answer' on a 1,000-question sheet (issue 16's goal: <= 2 s).
#   bench/answer.sh          # needs 'secaudit' on PATH (./install.sh) and hyperfine
# The sheet cycles the questions of the claim corpus (src/test/resources/claims/corpus.yaml);
# the policy and scan.json are the demo's, written by 'secaudit demo' into a scratch folder.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v secaudit >/dev/null || { echo "bench: run ./install.sh first" >&2; exit 1; }
if ! command -v hyperfine >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq hyperfine >/dev/null; else
    echo "bench: install hyperfine (apt-get install hyperfine)" >&2; exit 1; fi
fi
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
(cd "$work" && secaudit demo >/dev/null)
python3 - "$work/sheet.csv" <<'PY'
import csv, re, sys
qs = [m.group(1) for m in re.finditer(r'^\s+- \[\w+, \w+, \w+, "(.*)"\]\s*$',
      open("src/test/resources/claims/corpus.yaml").read(), re.M)]
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["ID", "Question", "Answer"])
    for i in range(1000):
        w.writerow([f"Q-{i + 1}", qs[i % len(qs)], ""])
PY
policy="$work/reports/demo/policy.yaml"; [ -f "$policy" ] || policy=policies/demo.yaml
hyperfine -N --warmup 1 --runs 5 \
  "secaudit answer $work/sheet.csv --policy $policy --scan $work/reports/demo/scan.json -o $work/answered.csv"
/usr/bin/time -f "peak RSS %M KB, %e s" secaudit answer "$work/sheet.csv" --policy "$policy" \
  --scan "$work/reports/demo/scan.json" -o "$work/answered.csv" | tail -1
