#!/usr/bin/env python3
"""Peer benchmark: random schedule search in frontrun and interleave-test.

Run with Python 3.13 (frontrun 0.7.0 and interleave-test 0.1.0 installed with pip):

    /root/.pyenv/versions/3.13.0/bin/python Benchmarks/Peers/schedule_peers.py [--json]
        [--only frontrun|interleave-test] [--only-program lost_update|deadlock]
        [--repeats 5] [--seed 0] [--max-schedules 2000] [--throughput-schedules 200]

For each peer and each program it measures, over ``--repeats`` runs with seeds
``seed, seed+1, ...`` (medians reported):

* a search with the peer's *random* strategy until the first failure:
  schedules (executions) run up to and including the failing one, and the wall
  seconds of the peer's call (``time.perf_counter()`` around it);
* a throughput run: schedules per second over ``--throughput-schedules``
  schedules.  Neither peer can continue past a failure (see below), so the
  throughput run uses the *correct* variant of the program: lost_update ->
  the increment under a lock; deadlock -> both threads take a then b.

Each peer runs in its own child process (this script re-invoked with
``--_child PEER``), so one peer's lock/time patching and ``sys.monitoring`` tool
never meet the other's.  Before the timed runs, each child makes one untimed
warm-up call per program (first-failure search with an unmeasured seed and a
5-schedule throughput run), so lazy imports are not in the first repeat.

Programs (identical for both peers; the state and the worker functions below are
shared, only the harness differs):

    lost_update   Counter.counter = 0; two threads each run ``s.counter += 1``
                  twice (LOAD_ATTR / BINARY_OP / STORE_ATTR, no lock);
                  invariant ``counter == 4``.
    deadlock      two locks a, b; thread 1 ``with a: with b: pass``, thread 2
                  ``with b: with a: pass``; failure = the tester's own deadlock
                  detection.

frontrun 0.7.0 -- read in site-packages/frontrun/
    ``frontrun.explore(setup, workers, invariant, strategy="random", seed=...,
    max_attempts=..., reproduce_on_failure=0, detect_io=False)`` (explore.py)
    -> ``_strategy._SyncRandomStrategy`` -> ``bytecode.explore_random``.
    ``setup()`` builds fresh state per execution, each worker runs as
    ``worker(state)`` in a real thread, ``invariant(state)`` is checked after all
    workers finish.  ``explore_random`` calls ``cli.require_active`` and refuses
    to run unless ``FRONTRUN_ACTIVE=1`` (set by the ``frontrun`` CLI), so the
    child sets it before importing frontrun (as frontrun_dpor.py does).
    ``reproduce_on_failure=0``: otherwise the counterexample is replayed 10 more
    times inside the timed call (not search).  ``detect_io=False``: no I/O here,
    skips socket/file/SQL patching.  ``max_ops`` is left at its default (300:
    length of the random schedule prefix; the scheduler extends it with more
    random bursts if the workers need more turns).
    Schedule generation (_random_schedules.random_round_robin_schedule): a
    schedule is drawn up front per execution as rounds; each round is a random
    permutation of the threads and each thread gets a *burst* of 1-8
    consecutive opcode slots (15 % of bursts up to 32).  It is not a uniform
    choice at each step.  Granularity (bytecode.BytecodeShuffler +
    _opcode_observer): ``sys.monitoring`` INSTRUCTION events, every bytecode
    instruction of user code (not stdlib / site-packages) is a scheduling
    point -- the random strategy does NOT use the shared-access coarsening that
    DPOR uses.  Locks: ``threading.Lock`` is replaced by a cooperative lock
    while setup and workers run (locks must be created in ``setup``); a
    wait-for graph (_deadlock.py) raises ``DeadlockError`` on a lock cycle,
    which ``explore_random`` returns as a failure (``property_holds=False``,
    explanation "Deadlock detected after N interleaving(s)").  Counting:
    ``result.num_explored`` includes the failing execution.  Stops at the first
    failure always: every failure path in ``explore_random`` returns at once;
    ``stop_on_first`` is a DPOR-only option (passing it with strategy="random"
    is rejected).  A run without a failure returns ``property_holds=True`` after
    ``max_attempts`` executions.

interleave-test 0.1.0 -- read in site-packages/interleave_test/ (__init__.py,
_runner.py, _strategies.py, _scheduler.py, _records.py, and its README in
interleave_test-0.1.0.dist-info/METADATA)
    ``interleave_test.explore(model, iterations=..., seed=...,
    strategy="random", raise_on_failure=False)`` (_runner.py).  A *model* is a
    zero-argument callable run once per schedule: it builds the state, starts
    threads with ``interleave_test.spawn(fn, *args)`` and joins them
    (``Task.join``), then asserts; the assertion is the invariant, so the model
    thread itself is a scheduled thread (T0) besides the two workers.
    ``raise_on_failure=False`` returns a ``Result`` instead of raising
    ``RaceFound`` / ``DeadlockError``: ``result.failure.kind`` is "exception"
    (here the model's AssertionError) or "deadlock"; ``failure.iteration`` is
    0-based, ``result.schedules_run`` includes the failing schedule.
    Strategy "random" (_strategies.RandomStrategy, the default) = uniform
    choice among the runnable threads at every decision, ``random.Random`` seeded
    per schedule with ``seed * 1_000_003 + i``.  (Also available: "pct" and
    "dfs" with a preemption bound; not used here.)  Granularity
    ``granularity="opcode"`` (default): ``sys.monitoring`` INSTRUCTION events --
    every bytecode instruction of user code (not stdlib, site-packages or
    interleave_test) is a scheduling point, plus every modelled sync operation
    (``threading.Lock`` etc. are patched to its own primitives inside the run,
    so locks created in the model are modelled).  Deadlock: the scheduler knows
    every thread's state; when no thread is runnable and none waits with a
    timeout it records a "deadlock" failure.  Stops at the first failure always:
    the loop in ``explore`` breaks on the first failing schedule whatever
    ``raise_on_failure`` says.

Caveats
    * Neither peer can be told to go on after a failure, hence the throughput
      run on the correct variant (``throughput_program`` in the JSON row).
    * Both peers schedule at bytecode granularity with a random sampler, but
      the samplers differ (frontrun: pre-drawn round-robin bursts;
      interleave-test: uniform per decision), and interleave-test also
      schedules the model thread, so "schedules to first failure" is each
      sampler's own luck on these programs, not a like-for-like measure.
    * Nothing here invents a number: a search that does not fail within
      ``--max-schedules`` reports ``found: false`` with nulls, and a child that
      cannot import its peer reports nulls with the reason in ``note``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time

PEERS = ("frontrun", "interleave-test")
PROGRAMS = ("lost_update", "deadlock")
INCREMENTS = 2  # per thread; 2 threads => invariant counter == 4


# ---------------------------------------------------------------------------
# The programs' state and workers (shared by both peers)
# ---------------------------------------------------------------------------
class Counter:
    def __init__(self) -> None:
        self.counter = 0


def incr(s: Counter) -> None:
    for _ in range(INCREMENTS):
        s.counter += 1


class LockedCounter:  # correct variant of lost_update (throughput only)
    def __init__(self) -> None:
        self.counter = 0
        self.lock = threading.Lock()  # created under the peer's patching => modelled lock


def locked_incr(s: LockedCounter) -> None:
    for _ in range(INCREMENTS):
        with s.lock:
            s.counter += 1


class TwoLocks:
    def __init__(self) -> None:
        self.a = threading.Lock()
        self.b = threading.Lock()


def take_ab(s: TwoLocks) -> None:
    with s.a:
        with s.b:
            pass


def take_ba(s: TwoLocks) -> None:
    with s.b:
        with s.a:
            pass


def counter_ok(s) -> bool:
    return s.counter == 2 * INCREMENTS


def always(_s) -> bool:
    return True


# (setup, workers, invariant) per (program, variant); variant "buggy" is measured
# to the first failure, "correct" is the throughput run.
SPECS = {
    ("lost_update", "buggy"): (Counter, [incr, incr], counter_ok),
    ("lost_update", "correct"): (LockedCounter, [locked_incr, locked_incr], counter_ok),
    ("deadlock", "buggy"): (TwoLocks, [take_ab, take_ba], always),
    ("deadlock", "correct"): (TwoLocks, [take_ab, take_ab], always),
}
THROUGHPUT_PROGRAM = {
    "lost_update": "lost_update with the increment under a lock",
    "deadlock": "deadlock with both threads taking a then b",
}
EXPECTED_KIND = {"lost_update": "invariant", "deadlock": "deadlock"}


# ---------------------------------------------------------------------------
# frontrun (random strategy)
# ---------------------------------------------------------------------------
def frontrun_search(program: str, variant: str, seed: int, budget: int) -> dict:
    import frontrun

    setup, workers, invariant = SPECS[(program, variant)]
    t0 = time.perf_counter()
    r = frontrun.explore(
        setup=setup,
        workers=workers,
        invariant=invariant,
        strategy="random",
        seed=seed,
        max_attempts=budget,
        reproduce_on_failure=0,
        detect_io=False,
    )
    dt = time.perf_counter() - t0
    expl = r.explanation or ""
    if r.property_holds is False:
        if expl.startswith("Deadlock"):
            kind = "deadlock"
        elif expl.startswith("Worker crash"):
            kind = "crash"
        else:
            kind = "invariant"
    elif r.property_holds is None:
        kind = "inconclusive: " + (r.inconclusive_reason or "")
    else:
        kind = None
    return {"schedules": r.num_explored, "seconds": dt, "kind": kind}


# ---------------------------------------------------------------------------
# interleave-test (random strategy)
# ---------------------------------------------------------------------------
def _it_model(program: str, variant: str):
    import interleave_test as it

    setup, workers, invariant = SPECS[(program, variant)]

    def model() -> None:
        s = setup()
        tasks = [it.spawn(w, s) for w in workers]
        for t in tasks:
            t.join()
        assert invariant(s)

    model.__name__ = f"{program}_{variant}"
    return model


def interleave_test_search(program: str, variant: str, seed: int, budget: int) -> dict:
    import interleave_test as it

    model = _it_model(program, variant)
    t0 = time.perf_counter()
    r = it.explore(model, iterations=budget, seed=seed, strategy="random", raise_on_failure=False)
    dt = time.perf_counter() - t0
    f = r.failure
    if f is None:
        kind = None
    elif f.kind == "exception":
        kind = "invariant" if isinstance(f.exception, AssertionError) else f"crash: {type(f.exception).__name__}"
    else:
        kind = f.kind  # "deadlock" | "hang"
    return {"schedules": r.schedules_run, "seconds": dt, "kind": kind, "leaked": r.leaked_threads}


SEARCH = {"frontrun": frontrun_search, "interleave-test": interleave_test_search}
STRATEGY = {"frontrun": "random", "interleave-test": "random"}
NOTE = {
    "frontrun": (
        "explore(strategy='random', reproduce_on_failure=0, detect_io=False): every bytecode of user code is a "
        "scheduling point; a schedule is pre-drawn rounds of random thread permutations with bursts of 1-8 "
        "opcodes (sometimes up to 32); deadlock = wait-for-graph cycle over its cooperative locks; always stops "
        "at the first failure, so throughput is on the correct variant"
    ),
    "interleave-test": (
        "explore(model, strategy='random', raise_on_failure=False): uniform random pick among runnable threads at "
        "every bytecode of user code and every modelled lock operation; the model thread (spawn/join/assert) is "
        "scheduled too; deadlock = no runnable thread; always stops at the first failure, so throughput is on "
        "the correct variant"
    ),
}


def peer_version(peer: str) -> str:
    if peer == "frontrun":
        import frontrun

        return frontrun.__version__
    import interleave_test

    return interleave_test.__version__


def median_int(xs: list[int]) -> int:
    return int(statistics.median_low(xs))


def measure(peer: str, program: str, args) -> dict:
    search = SEARCH[peer]
    seeds = [args.seed + i for i in range(args.repeats)]
    row = {
        "peer": peer,
        "program": program,
        "strategy": STRATEGY[peer],
        "schedules_to_first_failure": None,
        "seconds_to_first_failure": None,
        "schedules_per_second": None,
        "found": False,
        "note": NOTE[peer],
    }
    notes = []
    # Untimed warm-up (lazy imports, first sys.monitoring instrumentation).
    search(program, "buggy", args.seed + 1_000_003, args.max_schedules)
    search(program, "correct", args.seed + 1_000_003, 5)

    # 1. random search to the first failure
    hits_n, hits_s, misses, other = [], [], 0, []
    for sd in seeds:
        r = search(program, "buggy", sd, args.max_schedules)
        if r.get("leaked"):
            notes.append(f"seed {sd}: {r['leaked']} leaked thread(s)")
        if r["kind"] == EXPECTED_KIND[program]:
            hits_n.append(r["schedules"])
            hits_s.append(r["seconds"])
        elif r["kind"] is None:
            misses += 1
        else:
            other.append(f"seed {sd}: {r['kind']} after {r['schedules']} schedule(s)")
    if hits_n:
        row["schedules_to_first_failure"] = median_int(hits_n)
        row["seconds_to_first_failure"] = round(statistics.median(hits_s), 6)
    row["found"] = len(hits_n) == len(seeds)
    if len(hits_n) != len(seeds):
        notes.append(
            f"expected {EXPECTED_KIND[program]} failure found in {len(hits_n)} of {len(seeds)} runs "
            f"(medians over those only); {misses} run(s) without a failure in {args.max_schedules} schedules"
        )
    notes.extend(other)

    # 2. throughput on the correct variant (neither peer continues past a failure)
    rates, tp_counts = [], []
    for sd in seeds:
        r = search(program, "correct", sd, args.throughput_schedules)
        if r["kind"] is not None:
            notes.append(f"throughput run seed {sd}: unexpected failure {r['kind']} -- rate not counted")
            continue
        tp_counts.append(r["schedules"])
        rates.append(r["schedules"] / r["seconds"])
    if rates:
        row["schedules_per_second"] = round(statistics.median(rates), 2)
    row["note"] = "; ".join([NOTE[peer]] + notes)
    row.update(
        {
            "repeats": args.repeats,
            "seeds": seeds,
            "all_schedules_to_first_failure": hits_n,
            "all_seconds_to_first_failure": [round(x, 6) for x in hits_s],
            "max_schedules": args.max_schedules,
            "throughput_program": THROUGHPUT_PROGRAM[program],
            "throughput_schedules": median_int(tp_counts) if tp_counts else None,
            "version": peer_version(peer),
        }
    )
    return row


def null_row(peer: str, program: str, why: str) -> dict:
    return {
        "peer": peer,
        "program": program,
        "strategy": STRATEGY[peer],
        "schedules_to_first_failure": None,
        "seconds_to_first_failure": None,
        "schedules_per_second": None,
        "found": False,
        "note": why,
    }


def child(peer: str, args) -> int:
    """Runs one peer in this (isolated) process; prints one JSON line per program."""
    if peer == "frontrun":
        os.environ["FRONTRUN_ACTIVE"] = "1"  # required by explore_random (cli.require_active)
    programs = [args.only_program] if args.only_program else list(PROGRAMS)
    try:
        peer_version(peer)
    except ImportError as e:
        for p in programs:
            print(json.dumps(null_row(peer, p, f"{peer} is not importable in {sys.executable}: {e}")), flush=True)
        return 0
    for p in programs:
        try:
            row = measure(peer, p, args)
        except Exception as e:  # report, never invent
            row = null_row(peer, p, f"{peer} raised {type(e).__name__}: {e}")
        print(json.dumps(row), flush=True)
    return 0


def fmt(x, spec: str) -> str:
    return "-" if x is None else format(x, spec)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="one JSON object per line")
    ap.add_argument("--only", choices=PEERS, help="run a single peer")
    ap.add_argument("--only-program", choices=PROGRAMS, help="run a single program")
    ap.add_argument("--repeats", type=int, default=5, help="runs per measurement (seeds seed..seed+N-1); medians")
    ap.add_argument("--seed", type=int, default=0, help="first seed")
    ap.add_argument("--max-schedules", type=int, default=2000, help="budget of the search for the first failure")
    ap.add_argument("--throughput-schedules", type=int, default=200, help="schedules in each throughput run")
    ap.add_argument("--_child", choices=PEERS, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.repeats < 1 or args.max_schedules < 1 or args.throughput_schedules < 1:
        ap.error("--repeats, --max-schedules and --throughput-schedules must be >= 1")
    if args._child:
        return child(args._child, args)

    peers = [args.only] if args.only else list(PEERS)
    programs = [args.only_program] if args.only_program else list(PROGRAMS)
    if not args.json:
        print(
            f"Python {platform.python_version()} | random search to first failure (budget {args.max_schedules}) "
            f"+ throughput over {args.throughput_schedules} schedules of the correct variant | "
            f"repeats={args.repeats} seeds {args.seed}..{args.seed + args.repeats - 1} (medians)"
        )
        print(f"{'peer':<17}{'program':<13}{'strategy':<10}{'found':<7}{'sched->1st':>11}"
              f"{'sec->1st':>11}{'sched/s':>10}  version")
    notes: list[str] = []
    for peer in peers:
        cmd = [sys.executable, os.path.abspath(__file__), "--_child", peer, "--repeats", str(args.repeats),
               "--seed", str(args.seed), "--max-schedules", str(args.max_schedules),
               "--throughput-schedules", str(args.throughput_schedules)]
        if args.only_program:
            cmd += ["--only-program", args.only_program]
        rows = {}
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, timeout=900)
            for line in proc.stdout.splitlines():
                line = line.strip()
                if line.startswith("{"):
                    r = json.loads(line)
                    rows[r["program"]] = r
            err = f"child exited with status {proc.returncode}" if proc.returncode else "child printed no row"
        except subprocess.TimeoutExpired:
            err = "child timed out after 900 s"
        for p in programs:
            row = rows.get(p) or null_row(peer, p, f"{peer}: {err}")
            if args.json:
                print(json.dumps(row), flush=True)
            else:
                print(f"{peer:<17}{p:<13}{row['strategy']:<10}{str(row['found']):<7}"
                      f"{fmt(row['schedules_to_first_failure'], 'd'):>11}"
                      f"{fmt(row['seconds_to_first_failure'], '.4f'):>11}"
                      f"{fmt(row['schedules_per_second'], '.1f'):>10}  {row.get('version', '-')}", flush=True)
                note = row["note"]
                if note.startswith(NOTE[peer]):  # the peer's note once, then what is particular to a row
                    if NOTE[peer] not in notes:
                        notes.append(NOTE[peer])
                    note = note[len(NOTE[peer]):].lstrip("; ")
                if note:
                    notes.append(f"{peer}/{p}: {note}")
    if not args.json:
        print()
        for n in notes:
            print("*", n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
