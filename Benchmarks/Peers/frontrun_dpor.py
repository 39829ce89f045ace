#!/usr/bin/env python3
"""Peer benchmark: frontrun's sync DPOR on five small programs.

Run with Python 3.13 (frontrun 0.7.0 installed):

    /root/.pyenv/versions/3.13.0/bin/python Benchmarks/Peers/frontrun_dpor.py [--json] [--only NAME]
        [--repeats 3] [--detect-io]

What was read in frontrun 0.7.0's installed source (site-packages/frontrun/) and
how this script uses it:

Entry point
    ``frontrun.explore(setup, workers, invariant, strategy="dpor")`` (explore.py)
    -> ``_strategy._SyncDporStrategy`` -> ``_dpor_runtime.explore._explore_dpor``,
    which drives a Rust engine (``frontrun._dpor.PyDporEngine``: optimal DPOR with
    wakeup trees / sleep sets, vector clocks).  ``setup()`` builds fresh shared
    state for every execution; each worker is called as ``worker(state)`` in its
    own real thread; ``invariant(state)`` runs after all workers finish.
    ``_explore_dpor`` refuses to run unless ``FRONTRUN_ACTIVE=1`` (set by the
    ``frontrun`` CLI, cli.require_active) or locks are already patched, so this
    script sets ``FRONTRUN_ACTIVE=1`` in its own environment before importing.
    No LD_PRELOAD library is used (not needed: no I/O here).

Making it exhaustive (unbounded)
    Defaults are *bounded*: ``preemption_bound=2`` and ``stop_on_first=True``.
    We pass ``preemption_bound=None`` (docstring: "None = unbounded (full DPOR)"),
    ``stop_on_first=False`` (keep exploring after a failure; every failing
    execution is appended to ``result.failures`` and exploration continues,
    for invariant violations and deadlocks alike), ``max_executions=None``,
    ``total_timeout=None``.  ``reproduce_on_failure=0`` so frontrun does not
    re-run the first counterexample 10 extra times (that replay is not
    exploration and would pollute the timing).  ``detect_io=False`` by default
    (no I/O in these programs; skips the socket/file monkey-patching and the
    LD_PRELOAD pipe reader thread); ``--detect-io`` restores frontrun's default.
    ``max_branches`` (scheduling points per execution, default 100_000) is left
    at its default; these programs are far below it.

Counting schedules
    ``result.num_explored`` = executions run (one per explored interleaving;
    the loop in ``_dpor_core.concurrency.dpor_exploration_iter`` stops when
    ``engine.next_execution()`` returns False = search tree exhausted).
    ``result.failures`` = list of (execution_number, schedule) for every failing
    execution, so "failures_found" is a count and the first failure's execution
    number gives "schedules to first failure" for free.

Completeness claim
    ``InterleavingResult.exhausted`` is only filled in by execution="process";
    thread mode leaves it ``None`` (documented in common.py: "thread/async
    execution currently leaves it unset"; it is only ever demoted to False on
    SQL row-lock redirects).  So frontrun does NOT say whether it covered
    everything here: ``"complete"`` is the raw field (null).  Separately,
    ``"ran_to_end"`` is true when the search stopped only because
    ``engine.next_execution()`` returned False (no preemption bound, no
    execution/time budget, no stop-on-first, verdict not inconclusive -- a
    timed-out run makes frontrun return early with property_holds=None).
    ``property_holds=True`` is frontrun's "pass certificate".

Granularity
    Opcode tracing via ``sys.monitoring`` (3.12+) / ``sys.settrace`` (3.10-11)
    (_opcode_observer.py).  Scheduling is *coarsened*: a thread only yields at
    opcodes that may touch shared state (``_SHARED_ACCESS_OPCODES``: LOAD_ATTR /
    STORE_ATTR, LOAD_GLOBAL / STORE_GLOBAL, LOAD_DEREF / STORE_DEREF, subscripts,
    CALL*, GET_ITER / FOR_ITER, ...); pure-local opcodes (LOAD_FAST, BINARY_OP +,
    STORE_FAST, COMPARE_OP, ...) run without a scheduling point.  Accesses are
    reported to the engine keyed by (stable object id, attribute/key name) as
    read / write (plus "first_read" for globals and weak reads/writes for
    containers); DPOR backtracks only on conflicting pairs (read/write or
    write/write on the same key).  ``threading.Lock`` is replaced by a
    cooperative lock (``_cooperative.patch_locks``) while setup/workers run, and
    acquire/release are reported to the engine as sync events (happens-before).
    Deadlocks: a wait-for graph over cooperative locks detects lock-ordering
    cycles instantly (``DeadlockError``), recorded as a failure; a wall-clock
    ``deadlock_timeout`` (5 s) is only a fallback for unmanaged blocking.

Observed behaviour (frontrun 0.7.0, CPython 3.13.0; reproduce with --diagnose)
    * Reads of the same attribute are not treated as conflicting (two read-only
      threads: 1 execution), yet read/write programs get no reduction at all:
      lost_update runs C(12,6)=924 executions = every interleaving of the 12
      attribute accesses (Mazurkiewicz traces with commuting reads: 328);
      one increment each runs 6 (traces: 4); check_then_act runs C(6,3)=20.
    * Lock-protected code is explored INCOMPLETELY: the thread listed second
      never gets to acquire a contended lock first.  locked_counter's 14
      executions cover only the 10 of 20 critical-section orders that start
      with thread 0; a two-thread program whose bug needs thread 1 in the
      critical section first gets a pass certificate (--diagnose shows it),
      and philosophers2 never completes a run with thread 1 going first.
    * Deadlocks are found instantly via the wait-for graph (no 5 s timeouts),
      and counted as failures; philosophers3 reports the single ring deadlock
      4 times (4 executions end in it).

Programs: state lives in object attributes (what frontrun tracks best: STORE_ATTR
is a write on (obj, name)).  They are kept literal so a twin in another tool is
the same program.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import threading
import time

os.environ.setdefault("FRONTRUN_ACTIVE", "1")  # see docstring: required by _explore_dpor

import frontrun  # noqa: E402


# ---------------------------------------------------------------------------
# 1. lost_update
# ---------------------------------------------------------------------------
class Counter:
    def __init__(self) -> None:
        self.counter = 0


def lost_update_worker(s: Counter) -> None:
    for _ in range(3):
        tmp = s.counter
        s.counter = tmp + 1


# ---------------------------------------------------------------------------
# 2. locked_counter
# ---------------------------------------------------------------------------
class LockedCounter:
    def __init__(self) -> None:
        self.counter = 0
        self.lock = threading.Lock()  # created inside setup => cooperative lock


def locked_counter_worker(s: LockedCounter) -> None:
    for _ in range(3):
        with s.lock:
            tmp = s.counter
            s.counter = tmp + 1


# ---------------------------------------------------------------------------
# 3. philosophers2
# ---------------------------------------------------------------------------
class TwoLocks:
    def __init__(self) -> None:
        self.a = threading.Lock()
        self.b = threading.Lock()


def phil2_t0(s: TwoLocks) -> None:
    with s.a:
        with s.b:
            pass


def phil2_t1(s: TwoLocks) -> None:
    with s.b:
        with s.a:
            pass


# ---------------------------------------------------------------------------
# 4. philosophers3
# ---------------------------------------------------------------------------
class ThreeLocks:
    def __init__(self) -> None:
        self.locks = [threading.Lock(), threading.Lock(), threading.Lock()]


def phil3(s: ThreeLocks, i: int) -> None:
    with s.locks[i]:
        with s.locks[(i + 1) % 3]:
            pass


def phil3_t0(s: ThreeLocks) -> None:
    phil3(s, 0)


def phil3_t1(s: ThreeLocks) -> None:
    phil3(s, 1)


def phil3_t2(s: ThreeLocks) -> None:
    phil3(s, 2)


# ---------------------------------------------------------------------------
# 5. check_then_act
# ---------------------------------------------------------------------------
class Account:
    def __init__(self) -> None:
        self.balance = 1


def check_then_act_worker(s: Account) -> None:
    if s.balance >= 1:
        s.balance = s.balance - 1


PROGRAMS = {
    "lost_update": (Counter, [lost_update_worker, lost_update_worker], lambda s: s.counter == 6),
    "locked_counter": (LockedCounter, [locked_counter_worker, locked_counter_worker], lambda s: s.counter == 6),
    "philosophers2": (TwoLocks, [phil2_t0, phil2_t1], lambda s: True),
    "philosophers3": (ThreeLocks, [phil3_t0, phil3_t1, phil3_t2], lambda s: True),
    "check_then_act": (Account, [check_then_act_worker, check_then_act_worker], lambda s: s.balance >= 0),
}

EXPLORE_KW = dict(
    strategy="dpor",
    preemption_bound=None,  # unbounded: full DPOR
    stop_on_first=False,  # keep going after failures
    max_executions=None,
    total_timeout=None,
    reproduce_on_failure=0,  # no counterexample replays inside the timed region
)


def run_once(name: str, detect_io: bool):
    setup, workers, invariant = PROGRAMS[name]
    t0 = time.perf_counter()
    result = frontrun.explore(setup=setup, workers=workers, invariant=invariant, detect_io=detect_io, **EXPLORE_KW)
    return time.perf_counter() - t0, result


def bench(name: str, repeats: int, detect_io: bool) -> dict:
    times, results = [], []
    for _ in range(repeats):
        dt, r = run_once(name, detect_io)
        times.append(dt)
        results.append(r)
    r = results[-1]
    counts = sorted({x.num_explored for x in results})
    fails = sorted({len(x.failures) for x in results})
    explanation = r.explanation or ""
    kinds = []
    if "Deadlock" in explanation or "deadlock" in explanation:
        kinds.append("deadlock")
    elif r.failures:
        kinds.append("invariant")
    inferred = (
        EXPLORE_KW["preemption_bound"] is None
        and EXPLORE_KW["max_executions"] is None
        and EXPLORE_KW["total_timeout"] is None
        and EXPLORE_KW["stop_on_first"] is False
        and all(x.property_holds is not None for x in results)
    )
    return {
        "program": name,
        "tool": "frontrun-dpor",
        "frontrun_version": frontrun.__version__,
        "schedules": r.num_explored,
        "seconds": round(statistics.median(times), 6),
        "failures_found": len(r.failures),
        "complete": r.exhausted,  # frontrun's own claim; None = not reported in thread mode
        "ran_to_end": inferred,
        "property_holds": r.property_holds,
        "first_failure_at_schedule": r.failures[0][0] if r.failures else None,
        "first_failure_kind": kinds[0] if kinds else None,
        "threads": len(PROGRAMS[name][1]),
        "repeats": repeats,
        "all_seconds": [round(t, 6) for t in times],
        "schedules_stable": len(counts) == 1 and len(fails) == 1,
        "inconclusive_reason": r.inconclusive_reason,
    }


# ---------------------------------------------------------------------------
# --diagnose: small probes behind the "Observed behaviour" notes (not timed)
# ---------------------------------------------------------------------------
class _Probe:
    def __init__(self) -> None:
        self.x = 0
        self.seen_zero = False
        self.counter = 0
        self.lock = threading.Lock()
        self.log = []


def _probe_t0(s: _Probe) -> None:
    with s.lock:
        s.x = 1


def _probe_t1(s: _Probe) -> None:
    with s.lock:
        if s.x == 0:  # only true if t1's critical section runs first
            s.seen_zero = True


def _probe_logged(tid: int):
    def w(s: _Probe) -> None:
        for _ in range(3):
            with s.lock:
                tmp = s.counter
                s.counter = tmp + 1
                s.log.append(tid)
    return w


def _probe_reader(s: _Probe) -> None:
    a = s.x
    b = s.x


def diagnose() -> None:
    kw = dict(EXPLORE_KW, detect_io=False)
    r = frontrun.explore(setup=_Probe, workers=[_probe_reader, _probe_reader], invariant=lambda s: True, **kw)
    print(f"two read-only threads: executions={r.num_explored}")
    for order, ws in (("[t0, t1]", [_probe_t0, _probe_t1]), ("[t1, t0]", [_probe_t1, _probe_t0])):
        r = frontrun.explore(setup=_Probe, workers=ws, invariant=lambda s: not s.seen_zero, **kw)
        print(f"locked 'x==0 seen' bug, workers={order}: executions={r.num_explored} "
              f"failures={len(r.failures)} property_holds={r.property_holds}  (correct: a failure in both orders)")
    orders: list[tuple[int, ...]] = []

    def record(s: _Probe) -> bool:
        orders.append(tuple(s.log))
        return True

    r = frontrun.explore(setup=_Probe, workers=[_probe_logged(0), _probe_logged(1)], invariant=record, **kw)
    print(f"locked counter with a log: executions={r.num_explored} distinct critical-section orders="
          f"{len(set(orders))} of 20; first thread always 0: {all(o[0] == 0 for o in orders)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=sorted(PROGRAMS), help="run a single program")
    ap.add_argument("--json", action="store_true", help="print one JSON line per program")
    ap.add_argument("--repeats", type=int, default=3, help="runs per program; median time reported")
    ap.add_argument("--detect-io", action="store_true", help="keep frontrun's default detect_io=True")
    ap.add_argument("--diagnose", action="store_true", help="run the small probes behind the docstring notes")
    args = ap.parse_args()
    if args.diagnose:
        print(f"frontrun {frontrun.__version__} | Python {platform.python_version()}")
        diagnose()
        return 0

    names = [args.only] if args.only else list(PROGRAMS)
    header = (
        f"frontrun {frontrun.__version__} | Python {platform.python_version()} "
        f"({sys.implementation.name}, GIL {'on' if getattr(sys, '_is_gil_enabled', lambda: True)() else 'off'}) | "
        f"strategy=dpor preemption_bound=None stop_on_first=False detect_io={args.detect_io} "
        f"repeats={args.repeats} (median)"
    )
    if args.json:
        print(json.dumps({"tool": "frontrun-dpor", "frontrun_version": frontrun.__version__,
                          "python": platform.python_version(), "detect_io": args.detect_io,
                          "repeats": args.repeats}), file=sys.stderr, flush=True)
    else:
        print(header)
        print(f"{'program':<16}{'thr':>4}{'schedules':>11}{'seconds':>11}{'failures':>10}"
              f"{'1st fail@':>10}  {'kind':<10}{'complete':<10}{'ran_to_end':<10}")
    for n in names:
        row = bench(n, args.repeats, args.detect_io)
        if args.json:
            print(json.dumps(row), flush=True)
        else:
            ff = row["first_failure_at_schedule"]
            print(f"{n:<16}{row['threads']:>4}{row['schedules']:>11}{row['seconds']:>11.4f}"
                  f"{row['failures_found']:>10}{(str(ff) if ff is not None else '-'):>10}  "
                  f"{(row['first_failure_kind'] or '-'):<10}{str(row['complete']):<10}{str(row['ran_to_end']):<10}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
