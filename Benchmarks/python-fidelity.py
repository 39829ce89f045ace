#!/usr/bin/env python3
"""Runs each Python program of the corpus on the real CPython here and in Interleave's simulator,
and compares what CPython takes in wall time with the virtual time the simulator gives it.

    Benchmarks/python-fidelity.py [INTERLEAVE] [PYTHON]

INTERLEAVE is the built binary (default .build/release/interleave, else .build/debug/interleave),
PYTHON the interpreter (default python3). CPython's time is the median of three runs of the
program itself (from its first statement to its last, timed inside the interpreter with
`time.perf_counter` around `runpy.run_path`, so the interpreter's start-up is not in it); the
simulator's is the run's virtual time under the default policy (the GIL model, 2 cores, seed 1).
A ratio near 1 is what the GIL model is held to; how far each program is from it is the work of
calibrating the model's costs. Programs that need the network are left out.
"""
import json
import os
import statistics
import subprocess
import sys
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = os.path.join(root, "Tests", "InterleaveScenarioTests", "Python")
interleave = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else next(
    (p for p in (os.path.join(root, ".build", "release", "interleave"), os.path.join(root, ".build", "debug", "interleave"))
     if os.path.exists(p)), None)
python = sys.argv[2] if len(sys.argv) > 2 else "python3"
if interleave is None:
    sys.exit("build Interleave first (swift build -c release), or give the binary's path")


TIMER = ("import runpy, sys, time\n"
         "start = time.perf_counter()\n"
         "runpy.run_path(sys.argv[1], run_name='__main__')\n"
         "print(time.perf_counter() - start, file=sys.stderr)\n")


def cpython_time(name):
    result = subprocess.run([python, "-c", TIMER, name], cwd=corpus, capture_output=True, text=True, timeout=120)
    return float(result.stderr.strip().splitlines()[-1])


rows = []
for name in sorted(os.listdir(corpus)):
    if not name.endswith(".py"):
        continue
    with open(os.path.join(corpus, name)) as f:
        text = f.read()
    if "requests" in text or "urllib" in text:
        continue
    cpython = statistics.median(cpython_time(name) for _ in range(3))
    result = subprocess.run([interleave, "run", name, "--json"], cwd=corpus, capture_output=True, text=True, timeout=300)
    virtual = json.loads(result.stdout)["virtual_time_ns"] / 1e9
    rows.append((name, cpython, virtual))

print(f"CPython: {subprocess.run([python, '--version'], capture_output=True, text=True).stdout.strip()}")
print(f"{'program':<26} {'CPython wall':>13} {'simulated':>11} {'ratio':>7}")
for name, cpython, virtual in rows:
    ratio = f"{virtual / cpython:.2f}"
    print(f"{name:<26} {cpython * 1000:>10.2f} ms {virtual * 1000:>8.2f} ms {ratio:>7}")
ratios = [virtual / cpython for _, cpython, virtual in rows]
print(f"median ratio (simulated / CPython) over {len(ratios)} programs: {statistics.median(ratios):.2f}")
