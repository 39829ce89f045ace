#!/usr/bin/env python3
"""Side by side: `interleave explore --strategy dfs` (no bound: partial-order reduction) against
frontrun's DPOR (no bound), on the same five programs, in one run.

    python3 Benchmarks/explore-peers.py [--repeats 3] [--interleave BIN] [--python313 PY]

Each program of Benchmarks/Peers/programs/ is explored to its end by Interleave on one core
under the `random` policy (a switch may come at any shared access, as frontrun's may), with
--all (every failure counted, shrunk and saved, so the time is the whole job's); frontrun's
twins are in Benchmarks/Peers/frontrun_dpor.py, run with Python 3.13 where frontrun is
installed (`pip install frontrun`), one process per program as Interleave's are. Times are
wall-clock medians of --repeats whole processes of each command; the table gives schedules and
seconds for both and their ratios (Interleave's over frontrun's).
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
PROGRAMS = ["lost_update", "locked_counter", "philosophers2", "philosophers3", "check_then_act"]


def interleave(options, name, out):
    """Schedules, distinct interleavings, distinct failures and the median time of exploring `name`."""
    program = os.path.join(ROOT, "Benchmarks", "Peers", "programs", name + ".py")
    command = [options.interleave, "explore", program, "--strategy", "dfs", "--policy", "random", "--cores", "1",
               "--all", "--out", out]
    times, text = [], ""
    for _ in range(options.repeats):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        text = result.stdout
        if result.returncode not in (0, 1):
            sys.exit(f"explore-peers.py: {name}: interleave exited with {result.returncode}:\n{result.stderr}")
    schedules = re.search(r"(\d+) schedules? in", text)
    classes = re.search(r"[Aa]ll (\d+) distinct interleavings? explored", text)
    failures = re.search(r"(\d+) distinct failures?", text)
    return {
        "schedules": int(schedules.group(1)) if schedules else None,
        "interleavings": int(classes.group(1)) if classes else None,
        "complete": classes is not None,
        "failures": int(failures.group(1)) if failures else 0,
        "seconds": statistics.median(times),
    }


def frontrun(options, name):
    """frontrun's figures for `name` from its script's JSON line, with the median wall time of
    the whole process (None when it can't run)."""
    script = os.path.join(ROOT, "Benchmarks", "Peers", "frontrun_dpor.py")
    times, row = [], None
    for _ in range(options.repeats):
        start = time.perf_counter()
        result = subprocess.run([options.python313, script, "--json", "--repeats", "1", "--only", name],
                                capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            reason = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else str(result.returncode)
            print(f"(frontrun did not run {name}: {reason})")
            return None
        row = next(json.loads(line) for line in result.stdout.splitlines() if line.startswith("{"))
        row.setdefault("inside", []).append(row["seconds"])
    row["process"] = statistics.median(times)
    row["inside"] = statistics.median(row["inside"])
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--interleave", default=os.path.join(ROOT, ".build", "release", "interleave"))
    parser.add_argument("--python313", default=os.path.expanduser("~/.pyenv/versions/3.13.0/bin/python"))
    options = parser.parse_args()
    if not os.path.exists(options.interleave):
        sys.exit("explore-peers.py: build Interleave first (swift build -c release --product interleave), or give --interleave")
    with tempfile.TemporaryDirectory() as folder:
        ours = {name: interleave(options, name, os.path.join(folder, name + ".ilvrec")) for name in PROGRAMS}
    theirs = {name: frontrun(options, name) for name in PROGRAMS}
    version = next((row["frontrun_version"] for row in theirs.values() if row), "(absent)")
    print(f"# interleave explore --strategy dfs --policy random --cores 1 --all, against frontrun {version} DPOR "
          f"(no bound, Python 3.13); whole processes, medians of {options.repeats} runs (frontrun's own timing of "
          f"its search, without Python's start and its import, in brackets)")
    print(f"{'program':16} {'ours: schedules':>15} {'classes':>8} {'s':>7} {'frontrun: schedules':>20} {'s':>7} {'(search)':>9} "
          f"{'schedules ratio':>16} {'time ratio':>11}")
    for name in PROGRAMS:
        a, b = ours[name], theirs.get(name)
        line = f"{name:16} {a['schedules'] or '-':>15} {a['interleavings'] or '-':>8} {a['seconds']:7.3f}"
        if b:
            line += (f" {b['schedules']:>20} {b['process']:7.3f} {'(%.3f)' % b['inside']:>9}"
                     f" {a['schedules'] / b['schedules']:16.2f} {a['seconds'] / b['process']:11.3f}")
        print(line)


if __name__ == "__main__":
    main()
