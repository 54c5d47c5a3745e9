#!/usr/bin/env python3
"""Builds a large scan.json from a demo scan, for measuring reports at scale.

    bench/scan-at-scale.py DEMO_SCAN_JSON OUT_JSON [FINDINGS]

DEMO_SCAN_JSON is a scan written by `secaudit demo -o DIR` (DIR/scan.json). The output repeats
the demo's targets, findings and artifacts as a fleet: copy k renames every target `name` to
`name-k` (artifact ids and evidence references follow), until FINDINGS findings are written
(default 213,500: some 1,500 copies of the demo's targets, ~205 MiB). Policy-wide findings
(target `policy`) are written once, in the first copy, as a fleet's scan has them: readers refuse
a finding twice, and a finding of a target the scan does not list. The run, claims, waivers and
records of processing are kept once. Written as it goes, so the generator itself stays small.
Deterministic: the same demo scan gives the same bytes.
"""
import json
import sys


POLICY = "policy"


def renamed(target, k):
    return f"{target}-{k:04d}" if target else target


def artifact_id(ref, k):
    # Artifact ids are "<target>/<name>"; one not in that form is left as it is.
    target, sep, rest = ref.partition("/")
    return f"{renamed(target, k)}/{rest}" if sep else ref


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        demo = json.load(f)
    wanted = int(sys.argv[3]) if len(sys.argv) == 4 else 213_500
    policy_wide = [f for f in demo["findings"] if f["target"] == POLICY]
    per_copy = len(demo["findings"]) - len(policy_wide)
    if per_copy == 0:
        sys.exit(f"{sys.argv[1]}: no findings of a target to repeat")
    copies = max(1, -(-(wanted - len(policy_wide)) // per_copy))

    def dump(value):
        return json.dumps(value, ensure_ascii=False, indent=2)

    with open(sys.argv[2], "w", encoding="utf-8") as out:
        out.write("{\n")
        out.write(f'"schema": {dump(demo["schema"])},\n"run": {dump(demo["run"])},\n')
        out.write('"targets": [')
        first = True
        for k in range(1, copies + 1):
            for t in demo["targets"]:
                out.write(("\n" if first else ",\n") + dump({**t, "name": renamed(t["name"], k)}))
                first = False
        out.write('],\n"findings": [')
        written = 0
        for k in range(1, copies + 1):
            for f in demo["findings"]:
                if written == wanted:
                    break
                if f["target"] == POLICY:
                    if k == 1:
                        # Its evidence is the first copy's artifacts, as the other findings' are.
                        f = {**f, "evidence": [artifact_id(e, k) for e in f["evidence"]]}
                        out.write(("\n" if written == 0 else ",\n") + dump(f))
                        written += 1
                    continue
                copy = {**f, "target": renamed(f["target"], k),
                        "evidence": [artifact_id(e, k) for e in f["evidence"]]}
                out.write(("\n" if written == 0 else ",\n") + dump(copy))
                written += 1
        out.write('],\n"artifacts": [')
        first = True
        for k in range(1, copies + 1):
            for a in demo["artifacts"]:
                copy = {**a, "id": artifact_id(a["id"], k), "target": renamed(a["target"], k)}
                out.write(("\n" if first else ",\n") + dump(copy))
                first = False
        out.write("],\n")
        rest = [key for key in demo if key not in ("schema", "run", "targets", "findings", "artifacts")]
        out.write(",\n".join(f"{json.dumps(key)}: {dump(demo[key])}" for key in rest))
        out.write("\n}\n")
    print(f"{sys.argv[2]}: {written} findings, {copies} copies of {per_copy}", file=sys.stderr)


if __name__ == "__main__":
    main()
