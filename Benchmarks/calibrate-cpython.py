#!/usr/bin/env python3
"""Measures what the GIL model's costs are calibrated from, on the CPython that runs it.

    python3 Benchmarks/calibrate-cpython.py [--quick]

Prints one table:
- the cost of a loop iteration of each kind of code, and how many bytecodes it executes (counted
  by tracing opcodes), so the cost of a bytecode of each kind follows;
- starting and joining a thread that does nothing;
- the wake-up latency (half the round trip of two threads passing raw locks back and forth),
  what a `Lock.release()` that wakes a sleeping waiter costs the releasing thread, and what an
  iteration of a loop that takes a contended `Lock` costs while the other thread waits for it
  (each release enters the kernel);
- how long a thread whose blocking call returns at once (`time.sleep(0)`) waits to run again
  beside a thread that spins, and how often a contended `Lock` changes hands.

Each figure is the median of several repeats (the machine drifts; CPython's own spread is wide).
Nothing here is imported by the simulator: the numbers are what its table is set from, by hand,
with this script's output quoted where they are used.
"""
import _thread
import queue
import statistics
import sys
import threading
import time

QUICK = "--quick" in sys.argv
REPEATS = 3 if QUICK else 7
LOOPS = 200_000 if QUICK else 1_000_000

counter = 0


class Box:
    def __init__(self):
        self.v = 0


def nothing():
    pass


def loop_empty(n):
    for _ in range(n):
        pass


def loop_local_add(n):
    x = 0
    for _ in range(n):
        x = x + 1


def loop_global_add(n):
    global counter
    for _ in range(n):
        counter += 1


def loop_attribute_add(n):
    box = Box()
    for _ in range(n):
        box.v += 1


def loop_python_call(n):
    f = nothing
    for _ in range(n):
        f()


def loop_c_call_abs(n):
    x = -3
    for _ in range(n):
        abs(x)


def loop_c_method_append(n):
    items = []
    append = items.append
    for _ in range(n):
        append(1)


def loop_lock(n):
    lock = threading.Lock()
    for _ in range(n):
        with lock:
            pass


def loop_event_set_clear(n):
    event = threading.Event()
    for _ in range(n):
        event.set()
        event.clear()


def loop_event_wait_set(n):
    event = threading.Event()
    event.set()
    for _ in range(n):
        event.wait()


def loop_semaphore(n):
    semaphore = threading.Semaphore(1)
    for _ in range(n):
        semaphore.acquire()
        semaphore.release()


def loop_queue(n):
    q = queue.Queue()
    for _ in range(n):
        q.put(1)
        q.get()


def loop_condition_notify(n):
    condition = threading.Condition()
    for _ in range(n):
        with condition:
            condition.notify()


KINDS = [
    ("empty loop (for/range)", loop_empty),
    ("local x = x + 1", loop_local_add),
    ("global counter += 1", loop_global_add),
    ("attribute box.v += 1", loop_attribute_add),
    ("Python call f()", loop_python_call),
    ("C call abs(x)", loop_c_call_abs),
    ("C method append(1)", loop_c_method_append),
    ("with lock: pass (uncontended)", loop_lock),
    ("Event set() + clear()", loop_event_set_clear),
    ("Event wait() when set", loop_event_wait_set),
    ("Semaphore acquire() + release()", loop_semaphore),
    ("Queue put(1) + get()", loop_queue),
    ("with condition: notify()", loop_condition_notify),
]


def opcodes_per_iteration(function):
    """Bytecodes one iteration executes, counted with opcode tracing (100 against 200 iterations)."""
    counts = []
    for n in (100, 200):
        seen = 0

        def tracer(frame, event, arg):
            nonlocal seen
            frame.f_trace_opcodes = True
            if event == "opcode":
                seen += 1
            return tracer

        sys.settrace(tracer)
        try:
            function(n)
        finally:
            sys.settrace(None)
        counts.append(seen)
    return (counts[1] - counts[0]) / 100


def ns_per_iteration(function):
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter_ns()
        function(LOOPS)
        samples.append((time.perf_counter_ns() - start) / LOOPS)
    return statistics.median(samples)


def thread_start_join():
    samples = []
    for _ in range(REPEATS):
        count = 200 if QUICK else 1000
        start = time.perf_counter_ns()
        for _ in range(count):
            t = threading.Thread(target=nothing)
            t.start()
            t.join()
        samples.append((time.perf_counter_ns() - start) / count)
    return statistics.median(samples)


def lock_ping_pong():
    """Half the round trip of two threads passing two raw locks back and forth: a thread
    woken in the kernel running again (the wake-up latency, with the few bytecodes between)."""
    rounds = 500 if QUICK else 2000
    samples = []
    for _ in range(REPEATS):
        ping, pong = _thread.allocate_lock(), _thread.allocate_lock()
        ping.acquire()
        pong.acquire()

        def partner():
            for _ in range(rounds):
                ping.acquire()
                pong.release()

        t = threading.Thread(target=partner)
        t.start()
        start = time.perf_counter_ns()
        for _ in range(rounds):
            ping.release()
            pong.acquire()
        samples.append((time.perf_counter_ns() - start) / rounds / 2)
        t.join()
    return statistics.median(samples)


def release_cost():
    """What `Lock.release()` costs the releasing thread when a thread sleeps in `acquire()`
    (the release wakes it up), and when no one waits."""
    rounds = 100 if QUICK else 300
    lock, done = _thread.allocate_lock(), _thread.allocate_lock()
    lock.acquire()
    done.acquire()

    def waiter():
        for _ in range(rounds):
            lock.acquire()
            done.release()

    t = threading.Thread(target=waiter)
    t.start()
    waking = []
    for _ in range(rounds):
        until = time.perf_counter() + 0.0003     # the waiter has long fallen asleep
        while time.perf_counter() < until:
            pass
        start = time.perf_counter_ns()
        lock.release()
        waking.append(time.perf_counter_ns() - start)
        done.acquire()
    t.join()
    alone = []
    lock = _thread.allocate_lock()      # the waiter kept the other one
    for _ in range(rounds):
        lock.acquire()
        start = time.perf_counter_ns()
        lock.release()
        alone.append(time.perf_counter_ns() - start)
    return statistics.median(waking), statistics.median(alone)


def contended_iteration():
    """Two threads taking one Lock in turn, a Python call (a GIL check point) inside: the cost
    of an iteration while the other thread waits for the lock (the slope of a run's duration
    over its length: each release then enters the kernel), against the same loop alone."""
    n = 50_000 if QUICK else 200_000
    lock = threading.Lock()
    clock = time.perf_counter_ns
    state = {"last": -1, "count": 0}
    runs = []

    def note(me):
        if state["last"] != me:
            runs.append((state["count"], clock()))
            state["last"] = me
            state["count"] = 0
        state["count"] += 1

    def work(me):
        for _ in range(n):
            with lock:
                note(me)

    start = clock()
    work(0)
    alone = (clock() - start) / n
    state["last"] = -1
    runs.clear()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pairs = [(runs[i + 1][0], runs[i + 1][1] - runs[i][1]) for i in range(2, len(runs) - 1)]
    mean_n = statistics.fmean(p[0] for p in pairs)
    mean_d = statistics.fmean(p[1] for p in pairs)
    slope = (sum((a - mean_n) * (b - mean_d) for a, b in pairs)
             / max(1e-9, sum((a - mean_n) ** 2 for a, _ in pairs)))
    return slope, alone, statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def sleep0_beside_spinner():
    """How long `time.sleep(0)` takes next to a thread spinning in Python (it drops the GIL)."""
    stop = False

    def spin():
        x = 0
        while not stop:
            x += 1

    t = threading.Thread(target=spin)
    t.start()
    samples = []
    for _ in range(200 if QUICK else 1000):
        start = time.perf_counter_ns()
        time.sleep(0)
        samples.append(time.perf_counter_ns() - start)
    stop = True
    t.join()
    return statistics.median(samples)


def lock_handovers(seconds=0.5):
    """Two threads taking one Lock in turn with a GIL check point inside: how many acquisitions
    in a row the same thread makes, on average (CPython's Lock barges: the releaser usually
    takes it back at once)."""
    lock = threading.Lock()
    owners = []
    end = time.perf_counter() + seconds

    def worker(name):
        x = 0
        while time.perf_counter() < end:
            with lock:
                owners.append(name)
                x += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    changes = sum(1 for a, b in zip(owners, owners[1:]) if a != b)
    return len(owners), changes


def main():
    print(f"# CPython {sys.version.split()[0]}, switch interval {sys.getswitchinterval() * 1e3:g} ms, "
          f"{REPEATS} repeats of {LOOPS:,} iterations")
    empty = None
    rows = []
    for name, function in KINDS:
        ns = ns_per_iteration(function)
        ops = opcodes_per_iteration(function)
        if empty is None:
            empty = (ns, ops)
        body_ns, body_ops = ns - empty[0], ops - empty[1]
        per_op = body_ns / body_ops if body_ops > 0 else float("nan")
        rows.append((name, ns, ops, body_ns, body_ops, per_op))
    print(f"{'code':32} {'ns/iter':>8} {'ops/iter':>8} {'body ns':>8} {'body ops':>8} {'ns/op':>7}")
    for name, ns, ops, body_ns, body_ops, per_op in rows:
        print(f"{name:32} {ns:8.1f} {ops:8.1f} {body_ns:8.1f} {body_ops:8.1f} {per_op:7.1f}")
    print(f"(the empty loop's own {rows[0][1]:.1f} ns over {rows[0][2]:.0f} ops is "
          f"{rows[0][1] / rows[0][2]:.1f} ns an op)")
    print()
    print(f"{'figure':48} {'median':>12}")
    print(f"{'thread start + join of an empty thread':48} {thread_start_join() / 1e3:10.1f} us")
    print(f"{'wake-up: a lock passed back and forth, a leg':48} {lock_ping_pong() / 1e3:10.1f} us")
    waking, alone = release_cost()
    print(f"{'Lock.release() that wakes a sleeping waiter':48} {waking / 1e3:10.2f} us    (with no waiter: {alone / 1e3:.2f} us)")
    slope, alone, run, duration = contended_iteration()
    print(f"{'contended Lock, call inside: an iteration':48} {slope:10.0f} ns    (alone: {alone:.0f} ns; "
          f"runs of {run:.0f} acquisitions, {duration / 1e3:.1f} us a change of owner)")
    print(f"{'time.sleep(0) beside a spinning thread':48} {sleep0_beside_spinner() / 1e3:10.1f} us")
    taken, changes = lock_handovers()
    print(f"{'contended Lock: acquisitions per change of owner':48} {taken / max(1, changes):10.1f}    "
          f"({taken:,} acquisitions, {changes:,} changes in 0.5 s)")


if __name__ == "__main__":
    main()
