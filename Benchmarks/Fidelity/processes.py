# Starting a process costs far more than a thread; CPU-bound work in two processes runs in
# parallel (each has its own GIL): two units of work in one process against one unit in each of
# two. The workers start, warm their CPUs up and wait, so that the speedup measures the work
# alone (this machine runs a cold CPU up to 1.7 times slower for its first tenth of a second,
# which would otherwise decide the figure).
import multiprocessing
import time

# Warm the CPU up first: this machine runs a program's first tenth of a second slower.
warm_until = time.perf_counter() + 0.2
while time.perf_counter() < warm_until:
    pass


def nothing():
    pass


def cpu_work():
    x = 0
    for _ in range(1000000):
        x = x + 1


def warm_then_work(go, units):
    # A new process's CPU is cold: warm it, then wait for the word to start.
    until = time.perf_counter() + 0.2
    while time.perf_counter() < until:
        pass
    go.wait()
    for _ in range(units):
        cpu_work()


def timed(workers, units):
    """Starts `workers` processes, lets them warm up, then times `units` of work in each."""
    go = multiprocessing.Event()
    procs = [multiprocessing.Process(target=warm_then_work, args=(go, units)) for _ in range(workers)]
    for p in procs:
        p.start()
    time.sleep(0.3)
    start = time.perf_counter()
    go.set()
    for p in procs:
        p.join()
    return time.perf_counter() - start


if __name__ == "__main__":
    start = time.perf_counter()
    for _ in range(20):
        p = multiprocessing.Process(target=nothing)
        p.start()
        p.join()
    print(f"process start and join: {(time.perf_counter() - start) * 1e3 / 20:.2f} ms")
    one_by_one = timed(1, 2)
    print(f"CPU-bound speedup, two processes: {one_by_one / timed(2, 1):.2f} x")
