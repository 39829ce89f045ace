#!/usr/bin/env python3
"""Real programs under Interleave's schedule: scheduling points per second, and `explore --real`
against frontrun and interleave-test on the same lost-update and deadlock programs, in one run.

    python3 Benchmarks/control-peers.py [--repeats 5] [--interleave BIN] [--python313 PY]

Part 1 (points): `interleave run PROG --real --control --json` on Benchmarks/Real/control/points.py
(two threads, 5,000 unlocked increments each, with --accesses: every read and write a point) and
on Benchmarks/Real/counter.py (the tutorial's locked counter, 200,000 lock operations: each a
point), whole processes, medians of --repeats; choices (points where two threads could go: a
question to Interleave and its answer each) and events per second of wall-clock time.

Part 2 (peers): the programs of Benchmarks/Real/control/ (lost_update: two threads add 1 twice
to a counter, no lock; deadlock: two locks taken in opposite orders), which
Benchmarks/Peers/schedule_peers.py writes in frontrun's and interleave-test's own test APIs
(Python 3.13, `pip install frontrun interleave-test`). For each, Interleave's
`explore PROG --real --strategy random` (with --accesses for the lost update) until the first
failure, seeds 1..repeats: schedules to the first failure and the whole command's wall time
(which includes shrinking and saving the recording); and schedules per second over 50 schedules of
the correct variant (locked_counter, ordered_locks), as the peers' script measures theirs (neither
peer can go on past a failure). Ratios are Interleave's over each peer's.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTROL = os.path.join(ROOT, "Benchmarks", "Real", "control")


def timed(command):
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    return time.perf_counter() - start, result


def points(options, program, extra):
    """Median wall time, choices and events of a controlled run of `program`."""
    runs = []
    for _ in range(options.repeats):
        seconds, result = timed([options.interleave, "run", program, "--real", "--control", "--json"] + extra)
        if result.returncode != 0:
            sys.exit(f"control-peers.py: {program}: exit {result.returncode}\n{result.stderr}")
        summary = json.loads(result.stdout)
        runs.append((seconds, summary["choices"], summary["events"]))
    seconds = statistics.median(r[0] for r in runs)
    return {"seconds": seconds, "choices": runs[0][1], "events": runs[0][2],
            "choices_per_second": runs[0][1] / seconds, "events_per_second": runs[0][2] / seconds}


def explore_first_failure(options, name, extra, folder):
    """Interleave's schedules to the first failure and seconds, medians over seeds 1..repeats."""
    schedules, seconds = [], []
    for seed in range(1, options.repeats + 1):
        out = os.path.join(folder, f"{name}-{seed}.ilvrec")
        took, result = timed([options.interleave, "explore", os.path.join(CONTROL, name + ".py"), "--real",
                              "--seed", str(seed), "--runs", "500", "--jobs", "1", "--out", out] + extra)
        found = re.search(r"schedule #(\d+) \(seed \d+\) fails", result.stdout)
        if result.returncode != 1 or not found:
            return {"found": False, "note": result.stdout.strip().splitlines()[-1:] or result.stderr}
        schedules.append(int(found.group(1)) + 1)
        seconds.append(took)
    return {"found": True, "schedules": statistics.median(schedules), "seconds": statistics.median(seconds)}


def explore_throughput(options, name, extra, folder):
    """Schedules per second over 50 schedules of a program that never fails (median of repeats)."""
    rates = []
    for seed in range(1, options.repeats + 1):
        took, result = timed([options.interleave, "explore", os.path.join(CONTROL, name + ".py"), "--real",
                              "--seed", str(seed), "--runs", "50", "--out", os.path.join(folder, "none.ilvrec")] + extra)
        if result.returncode != 0:
            sys.exit(f"control-peers.py: {name}: exit {result.returncode}\n{result.stdout}{result.stderr}")
        rates.append(50 / took)
    return statistics.median(rates)


def peers(options):
    script = os.path.join(ROOT, "Benchmarks", "Peers", "schedule_peers.py")
    result = subprocess.run([options.python313, script, "--json", "--repeats", str(options.repeats)],
                            capture_output=True, text=True)
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    if not rows:
        print(f"(the peers did not run: {result.stderr.strip()[-300:]})")
    return {(row["peer"], row["program"]): row for row in rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--interleave", default=os.path.join(ROOT, ".build", "release", "interleave"))
    parser.add_argument("--python313", default=os.path.expanduser("~/.pyenv/versions/3.13.0/bin/python"))
    options = parser.parse_args()
    if not os.path.exists(options.interleave):
        sys.exit("control-peers.py: build Interleave first (swift build -c release --product interleave), or give --interleave")

    print(f"# Scheduling points under control, whole processes, medians of {options.repeats} runs")
    print(f"{'program':34} {'choices':>8} {'events':>8} {'s':>7} {'choices/s':>10} {'events/s':>10}")
    for label, program, extra in [
        ("points.py --accesses (random)", os.path.join(CONTROL, "points.py"), ["--accesses"]),
        ("counter.py, locks only (random)", os.path.join(ROOT, "Benchmarks", "Real", "counter.py"), []),
        ("counter.py, locks only (rr)", os.path.join(ROOT, "Benchmarks", "Real", "counter.py"), ["--policy", "rr"]),
    ]:
        row = points(options, program, extra)
        print(f"{label:34} {row['choices']:>8} {row['events']:>8} {row['seconds']:7.3f} "
              f"{row['choices_per_second']:>10,.0f} {row['events_per_second']:>10,.0f}")

    with tempfile.TemporaryDirectory() as folder:
        ours = {
            "lost_update": (explore_first_failure(options, "lost_update", ["--accesses"], folder),
                            explore_throughput(options, "locked_counter", ["--accesses"], folder)),
            "deadlock": (explore_first_failure(options, "deadlock", [], folder),
                         explore_throughput(options, "ordered_locks", [], folder)),
        }
    theirs = peers(options)
    print()
    print(f"# explore --real --strategy random (one job to the first failure; 2 jobs for throughput) against "
          f"frontrun and interleave-test (random, Python 3.13), medians of {options.repeats}")
    print(f"{'program':12} {'who':16} {'to 1st: schedules':>18} {'s':>8} {'schedules/s':>12} "
          f"{'ratio: s to 1st':>16} {'ratio: schedules/s':>19}")
    for program, (first, rate) in ours.items():
        schedules = first.get("schedules", "-")
        seconds = first.get("seconds")
        print(f"{program:12} {'interleave':16} {schedules:>18} {seconds if seconds is None else round(seconds, 3):>8} {rate:12.1f}")
        for peer in ("frontrun", "interleave-test"):
            row = theirs.get((peer, program))
            if not row:
                continue
            their_seconds = row.get("seconds_to_first_failure")
            their_rate = row.get("schedules_per_second")
            ratio_time = seconds / their_seconds if seconds and their_seconds else None
            ratio_rate = rate / their_rate if their_rate else None
            print(f"{'':12} {peer:16} {str(row.get('schedules_to_first_failure')):>18} "
                  f"{their_seconds if their_seconds is None else round(their_seconds, 4):>8} "
                  f"{their_rate if their_rate is None else round(their_rate, 1):>12} "
                  f"{ratio_time if ratio_time is None else round(ratio_time, 1):>16} "
                  f"{ratio_rate if ratio_rate is None else round(ratio_rate, 3):>19}")


if __name__ == "__main__":
    main()
