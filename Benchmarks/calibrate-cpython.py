#!/usr/bin/env python3
"""Measures what the GIL model's costs are calibrated from, on the CPython that runs it.

    python3 Benchmarks/calibrate-cpython.py [--quick]

Prints one table:
- the cost of a loop iteration of each kind of code, and how many bytecodes it executes (counted
  by tracing opcodes), so the cost of a bytecode of each kind follows;
- starting and joining a thread that does nothing;
- the wake-up latency: from one thread's `Event.set()` or `Lock.release()` to the waiting
  thread running again;
- how long a thread whose blocking call returns at once (`time.sleep(0)`) waits to run again
  beside a thread that spins, and how often a contended `Lock` changes hands.

Each figure is the median of several repeats (the machine drifts; CPython's own spread is wide).
Nothing here is imported by the simulator: the numbers are what its table is set from, by hand,
with this script's output quoted where they are used.
"""
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


def wake_latency(kind):
    """From the signalling thread's call to the waiter running again, median over many hand-overs."""
    rounds = 300 if QUICK else 2000
    latencies = []
    if kind == "event":
        go, back = threading.Event(), threading.Event()
        stamp = [0]

        def waiter():
            for _ in range(rounds):
                go.wait()
                go.clear()
                latencies.append(time.perf_counter_ns() - stamp[0])
                back.set()

        t = threading.Thread(target=waiter)
        t.start()
        for _ in range(rounds):
            time.sleep(0.0002)
            stamp[0] = time.perf_counter_ns()
            go.set()
            back.wait()
            back.clear()
        t.join()
    else:
        # The waiter blocks in acquire() while this thread holds the lock; then it is released.
        lock = threading.Lock()
        next_round, ready, done = threading.Event(), threading.Event(), threading.Event()
        stamp = [0]

        def waiter():
            for _ in range(rounds):
                next_round.wait()
                next_round.clear()
                ready.set()
                lock.acquire()
                latencies.append(time.perf_counter_ns() - stamp[0])
                lock.release()
                done.set()

        t = threading.Thread(target=waiter)
        t.start()
        for _ in range(rounds):
            lock.acquire()
            next_round.set()
            ready.wait()
            ready.clear()
            time.sleep(0.0002)
            stamp[0] = time.perf_counter_ns()
            lock.release()
            done.wait()
            done.clear()
        t.join()
    return statistics.median(latencies)


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
    print(f"{'wake-up: Event.set() to the waiter running':48} {wake_latency('event') / 1e3:10.1f} us")
    print(f"{'wake-up: Lock.release() to the waiter running':48} {wake_latency('lock') / 1e3:10.1f} us")
    print(f"{'time.sleep(0) beside a spinning thread':48} {sleep0_beside_spinner() / 1e3:10.1f} us")
    taken, changes = lock_handovers()
    print(f"{'contended Lock: acquisitions per change of owner':48} {taken / max(1, changes):10.1f}    "
          f"({taken:,} acquisitions, {changes:,} changes in 0.5 s)")


if __name__ == "__main__":
    main()
