#!/usr/bin/env python3
"""Runs commands as interleaved rounds (A, B, C, A, B, C, ...) and prints medians and ratios.

On a shared machine the load moves from minute to minute; running the tools one after another
inside each round puts every tool under the same load, so the median of the per-round ratios is
steadier than a ratio of two medians taken minutes apart.

    paired.py ROUNDS OUT.json NAME=COMMAND [NAME=COMMAND ...]

COMMAND is split like a shell word list (no pipes, no redirection). The first command is the
reference of the ratios. Output: one JSON file with every wall time, user and system CPU time and
exit code and peak RSS (of the process, counted from before its exec, so never below this
script's own ~15 MB), and a markdown table on stdout.
"""
import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def run(argv):
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return {"wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime,
            "max_rss_mb": usage.ru_maxrss / 1024, "exit": os.waitstatus_to_exitcode(status)}


def main():
    rounds, out = int(sys.argv[1]), sys.argv[2]
    commands = [arg.split("=", 1) for arg in sys.argv[3:]]
    load_before = os.getloadavg()
    results = {name: [] for name, _ in commands}
    for _ in range(rounds):
        for name, command in commands:
            results[name].append(run(shlex.split(command)))
    load_after = os.getloadavg()
    json.dump({"rounds": rounds, "load_before": load_before, "load_after": load_after,
               "commands": dict(commands), "runs": results}, open(out, "w"), indent=1)
    ref = commands[0][0]
    print(f"{rounds} interleaved rounds; load average before {load_before[0]:.1f}, "
          f"after {load_after[0]:.1f}")
    print()
    print(f"| command | median wall s | min … max | median user+sys CPU s | exit codes "
          f"| peak RSS MB | median of per-round ratios to {ref} |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, _ in commands:
        runs = results[name]
        walls = [r["wall"] for r in runs]
        cpu = statistics.median(r["user"] + r["sys"] for r in runs)
        ratios = [r["wall"] / a["wall"] for r, a in zip(runs, results[ref])]
        codes = ",".join(sorted({str(r["exit"]) for r in runs}))
        rss = max(r["max_rss_mb"] for r in runs)
        print(f"| {name} | {statistics.median(walls):.3f} | {min(walls):.3f} … {max(walls):.3f} "
              f"| {cpu:.3f} | {codes} | {rss:.0f} | {statistics.median(ratios):.2f} |")


if __name__ == "__main__":
    main()
