#!/usr/bin/env python3
"""What watching a real CPython costs: the tutorial's lock counter run plain, under `interleave run
--real`, and under VizTracer, side by side in one run.

Each pair (A under Interleave or VizTracer, B plain python3) is timed by `farm-bench`, which starts
the two in turn and takes the ratio pair by pair, as whole processes (start-up included). The
figures printed:

- the overhead ratio: Interleave's wall time over plain CPython's (median of the pairs), and
  VizTracer's the same way;
- events per second delivered to Interleave's consumers: the events of a run over its wall time;
- the cost per event: (the watched run's median wall time - the plain one's) over the events it
  recorded, for Interleave and for VizTracer (its "Total Entries").

Usage (release build first: swift build -c release --product interleave):
    python3 Benchmarks/real-overhead.py [--runs N] [--python python3]
VizTracer is `pip install viztracer` (the script says so when it is missing).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAM = os.path.join(ROOT, "Benchmarks", "Real", "counter.py")
INTERLEAVE = os.path.join(ROOT, ".build", "release", "interleave")


def farm_bench(command, baseline, runs):
    """Medians of A's wall, B's wall and A/B wall, from farm-bench's report."""
    out = subprocess.run(["farm-bench", "-n", str(runs), "--timeout", "600", "--vs", baseline, "--"] + command,
                         capture_output=True, text=True, check=True).stdout
    figures = {}
    for line in out.splitlines():
        match = re.match(r"(A wall s|B wall s|A/B wall)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", line.strip())
        if match:
            figures[match.group(1)] = (float(match.group(2)), float(match.group(3)), float(match.group(4)))
    if len(figures) < 3:
        sys.exit("farm-bench gave no wall figures:\n" + out)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--python", default="python3")
    args = parser.parse_args()
    if not os.path.exists(INTERLEAVE):
        sys.exit("build the release binary first: swift build -c release --product interleave")
    if shutil.which("farm-bench") is None:
        sys.exit("farm-bench is not on PATH")
    # The interpreter itself, not a launcher in front of it (pyenv's shim costs tens of ms a start).
    python = subprocess.run([shutil.which(args.python) or args.python, "-c", "import sys; print(sys.executable)"],
                            capture_output=True, text=True, check=True).stdout.strip()
    version = subprocess.run([python, "--version"], capture_output=True, text=True).stdout.strip()
    plain = f"{python} {PROGRAM}"

    # One run of each watched program for its number of events.
    run = subprocess.run([INTERLEAVE, "run", PROGRAM, "--real", "--python", python, "--json"],
                         capture_output=True, text=True, check=True)
    events = json.loads(run.stdout)["events"]
    interleave = farm_bench([INTERLEAVE, "run", PROGRAM, "--real", "--python", python, "--json"], plain, args.runs)

    viz = None
    if subprocess.run([python, "-c", "import viztracer"], capture_output=True).returncode != 0:
        print("viztracer is not installed (pip install viztracer): its column is left out")
    else:
        with tempfile.TemporaryDirectory() as scratch:
            trace = os.path.join(scratch, "trace.json")
            out = subprocess.run([python, "-m", "viztracer", "-o", trace, PROGRAM], capture_output=True, text=True,
                                 check=True).stdout
            entries = int(re.search(r"Total Entries: (\d+)", out).group(1))
            # VizTracer's own process, the trace written to a scratch file as it does by default.
            figures = farm_bench([python, "-m", "viztracer", "--quiet", "-o", trace, PROGRAM], plain, args.runs)
            viz = (figures, entries)

    a, b, ratio = interleave["A wall s"][1], interleave["B wall s"][1], interleave["A/B wall"]
    print(f"The tutorial's lock counter (2 threads x 100,000 'with lock'), {version}, {args.runs} pairs each, median wall time")
    print(f"{'':28}{'wall s':>8}{'x plain':>9}{'  (min-max)':<16}{'events':>9}{'us/event':>10}{'events/s':>12}")
    print(f"{'plain python3':28}{b:8.3f}{1:9.2f}")
    per_event = (a - b) / events * 1e6
    print(f"{'interleave run --real':28}{a:8.3f}{ratio[1]:9.2f}  ({ratio[0]:.2f}-{ratio[2]:.2f}){'':3}{events:9d}"
          f"{per_event:10.2f}{events / a:12,.0f}")
    if viz:
        figures, entries = viz
        va, vb, vratio = figures["A wall s"][1], figures["B wall s"][1], figures["A/B wall"]
        viz_per_event = (va - vb) / entries * 1e6
        print(f"{'viztracer':28}{va:8.3f}{vratio[1]:9.2f}  ({vratio[0]:.2f}-{vratio[2]:.2f}){'':3}{entries:9d}"
              f"{viz_per_event:10.2f}")
        print(f"Interleave's cost per event is {per_event / viz_per_event:.2f} of VizTracer's; "
              f"its whole run {a / va:.2f} of VizTracer's.")


if __name__ == "__main__":
    main()
