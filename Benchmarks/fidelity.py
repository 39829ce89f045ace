#!/usr/bin/env python3
"""How faithful the GIL model is: the same Python programs in the real CPython here and in the
simulator, figure by figure.

    Benchmarks/fidelity.py [--runs N] [--seeds K] [--only NAME] [--interleave BIN] [--python PY]
    Benchmarks/fidelity.py --corpus

Each program of Benchmarks/Fidelity/ measures something about threads with `time.perf_counter`
and prints it as `figure: number unit` (a loop's cost, a GIL turn, a wake-up, a speedup, the
updates lost). The script runs each program N times in CPython (default 5, going round the
programs so that each one's runs spread over the session) and once for each of K seeds in the
simulator (default 5: the seed moves the model's timing noise), takes the median of
each figure on each side, and prints a table: figure, CPython's median with its range, the
simulator's, their ratio, and whether the ratio is within 10% (the GIL-timing issue's bar). In the
simulator `time.perf_counter()` reads the virtual clock, so the program measures itself on both
sides the same way. Percentages compare as the difference in points, not a ratio.

`--corpus` instead compares the wall time of every program of the Python corpus
(Tests/InterleaveScenarioTests/Python) with the virtual time the simulator gives it.

INTERLEAVE defaults to .build/release/interleave (else .build/debug/interleave), PYTHON to python3.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
programs_dir = os.path.join(root, "Benchmarks", "Fidelity")
corpus_dir = os.path.join(root, "Tests", "InterleaveScenarioTests", "Python")
FIGURE = re.compile(r"^(?P<name>.+?): (?P<value>-?[0-9.]+)(?: (?P<unit>\S+))?$")
BAR = 0.10
# What the model's cost table gives an empty loop's iteration (CPythonCosts): a run whose CPython
# reads much more than this was made while the machine ran at its slow speed.
CALIBRATED_EMPTY_LOOP = 12.0


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="CPython runs of each program (default 5)")
    parser.add_argument("--seeds", type=int, default=5, help="simulator seeds for each program (default 5)")
    parser.add_argument("--only", help="run only the programs whose file name contains this")
    parser.add_argument("--interleave", help="the built binary")
    parser.add_argument("--python", default="python3")
    parser.add_argument("--corpus", action="store_true", help="compare the corpus's wall times instead")
    options = parser.parse_args()
    if options.interleave is None:
        options.interleave = next((p for p in (os.path.join(root, ".build", "release", "interleave"),
                                               os.path.join(root, ".build", "debug", "interleave")) if os.path.exists(p)), None)
    if options.interleave is None:
        sys.exit("fidelity.py: build Interleave first (swift build -c release), or give --interleave")
    return options


def figures(lines, source):
    found = {}
    for line in lines:
        match = FIGURE.match(line.strip())
        if match:
            found[match["name"]] = (float(match["value"]), match["unit"] or "")
    if not found:
        sys.exit(f"fidelity.py: {source} printed no figures")
    return found


def cpython(options, program):
    result = subprocess.run([options.python, program], cwd=programs_dir, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        sys.exit(f"fidelity.py: {program} failed in CPython:\n{result.stderr}")
    return figures(result.stdout.splitlines(), f"{program} (CPython)")


def simulator(options, program, seed):
    result = subprocess.run([options.interleave, "run", program, "--json", "--seed", str(seed)],
                            cwd=programs_dir, capture_output=True, text=True, timeout=1800)
    try:
        summary = json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.exit(f"fidelity.py: {program} failed in the simulator:\n{result.stderr}")
    return figures(summary["output"], f"{program} (simulator)")


def medians(samples):
    table = {}
    for sample in samples:
        for name, (value, unit) in sample.items():
            table.setdefault(name, (unit, []))[1].append(value)
    return {name: (unit, statistics.median(values), min(values), max(values)) for name, (unit, values) in table.items()}


def phenomena(options):
    names = sorted(n for n in os.listdir(programs_dir) if n.endswith(".py") and (options.only or "") in n)
    version = subprocess.run([options.python, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"# {version} ({options.runs} runs, medians) against the simulator ({options.seeds} seeds, medians), "
          f"{os.path.relpath(options.interleave, root)}")
    print(f"{'figure':54} {'CPython':>10} {'(range)':>17} {'simulator':>10} {'ratio':>6}")
    within = total = 0
    # CPython's runs go round the programs, so that each program's runs spread over the whole
    # session: this machine's speed drifts over minutes, and a program's runs made back to back
    # would all fall in one of its states.
    samples = {name: [] for name in names}
    for _ in range(options.runs):
        for name in names:
            samples[name].append(cpython(options, name))
    for name in names:
        real = medians(samples[name])
        simulated = medians(simulator(options, name, seed) for seed in range(1, options.seeds + 1))
        for figure, (unit, median, low, high) in real.items():
            if figure not in simulated:
                print(f"{figure:54} {median:>10.2f} {'':>17} {'missing':>10}")
                continue
            model = simulated[figure][1]
            if unit == "%":
                # Points apart: a ratio of two small percentages says little.
                close = abs(model - median) <= 100 * BAR
                verdict = f"{model - median:+.1f} pt"
            else:
                ratio = model / median if median else float("inf")
                close = abs(ratio - 1) <= BAR
                verdict = f"{ratio:.2f}"
            within += close
            total += 1
            shown = f"{figure} ({unit})" if unit else figure
            print(f"{shown:54} {median:>10.2f} {f'{low:.2f}-{high:.2f}':>17} {model:>10.2f} {verdict:>6} {'' if close else '  off'}")
    print(f"{within} of {total} figures within {BAR:.0%} of CPython's median "
          f"(percentages: within {100 * BAR:.0f} points)")
    empty = medians(samples["code_costs.py"]).get("empty loop iteration") if "code_costs.py" in samples else None
    if empty and empty[1] > CALIBRATED_EMPTY_LOOP * 1.2:
        print(f"note: CPython ran the empty loop at {empty[1]:.1f} ns (range {empty[2]:.1f}-{empty[3]:.1f}); the model "
              f"is set for {CALIBRATED_EMPTY_LOOP:g} ns. This machine was in its slow state for this run: "
              f"whatever runs Python code reads slower in CPython than it will minutes later.")


TIMER = ("import runpy, sys, time\n"
         "start = time.perf_counter()\n"
         "runpy.run_path(sys.argv[1], run_name='__main__')\n"
         "print(time.perf_counter() - start, file=sys.stderr)\n")


def corpus(options):
    """Each corpus program's wall time in CPython (median of three, the interpreter's start-up
    left out) against its virtual time in the simulator (seed 1)."""
    rows = []
    for name in sorted(os.listdir(corpus_dir)):
        if not name.endswith(".py"):
            continue
        with open(os.path.join(corpus_dir, name)) as f:
            text = f.read()
        if "requests" in text or "urllib" in text:
            continue  # the network's time is not the model's

        def wall():
            result = subprocess.run([options.python, "-c", TIMER, name], cwd=corpus_dir, capture_output=True,
                                    text=True, timeout=120)
            return float(result.stderr.strip().splitlines()[-1])

        real = statistics.median(wall() for _ in range(3))
        result = subprocess.run([options.interleave, "run", name, "--json"], cwd=corpus_dir, capture_output=True,
                                text=True, timeout=300)
        rows.append((name, real, json.loads(result.stdout)["virtual_time_ns"] / 1e9))
    print(f"{'program':<26} {'CPython wall':>13} {'simulated':>11} {'ratio':>7}")
    for name, real, virtual in rows:
        print(f"{name:<26} {real * 1000:>10.2f} ms {virtual * 1000:>8.2f} ms {virtual / real:>7.2f}")
    ratios = [virtual / real for _, real, virtual in rows]
    print(f"median ratio (simulated / CPython) over {len(ratios)} programs: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    opts = arguments()
    corpus(opts) if opts.corpus else phenomena(opts)
